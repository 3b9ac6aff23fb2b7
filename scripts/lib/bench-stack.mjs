// The platform on loopback for benchmarks (SeaweedFS, ml-service, gateway without the web app), plus
// the steps every benchmark starts with: a sample dataset and a trained model.
import { openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as services from './services.mjs';
import { bearerFetch, signInFirstAdmin } from './sign-in.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

export async function json(res) {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res.json();
}

/** Starts the three services with their state under `dir` (`gatewayEnv` added to the gateway's); `stop()` ends them. */
export async function startBenchStack(dir, { gatewayEnv = {} } = {}) {
  const credentials = services.localS3Credentials(dir);
  const s3 = await services.startSeaweedOnFreePorts({ dataDir: join(dir, 's3'), credentials, logFile: join(dir, 's3.log') });
  const mlPort = await services.freePort();
  const startMl = () => services.startMlService({ port: mlPort, env: { MEDSEG_ML_CACHE_DIR: join(dir, 'ml-cache') }, logFile: join(dir, 'ml.log') });
  const stack = { credentials, s3, ml: await startMl() };
  const dbPath = join(dir, 'medseg.db');
  /** What a gateway on these services needs, with its own SQLite file (a second gateway gets another). */
  stack.gatewayEnv = (db) => ({
    MEDSEG_DB_PATH: db, MEDSEG_ML_URL: stack.ml.url, MEDSEG_S3_ENDPOINT: s3.endpoint,
    MEDSEG_S3_ACCESS_KEY_ID: credentials.accessKeyId, MEDSEG_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey, MEDSEG_WEB_DIR: '',
  });
  stack.gateway = await services.startGateway({
    port: await services.freePort(),
    env: { ...stack.gatewayEnv(dbPath), ...gatewayEnv },
    logFile: join(dir, 'gateway.log'),
  });
  stack.api = `${stack.gateway.url}/api`;
  stack.client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
  /** Stops the ml-service, runs `between` (e.g. to clear its cache), starts a new one on the same port. */
  stack.restartMl = async (between) => {
    await stack.ml.stop();
    await between?.();
    stack.ml = await startMl();
  };
  stack.stop = async () => {
    stack.client.destroy();
    await stack.gateway.stop();
    await stack.ml.stop();
    await s3.stop();
  };
  await services.waitFor('gateway healthy', async () => (await fetch(`${stack.api}/health`)).status === 200);
  /** The first admin ({token, cookie, username, password}): every benchmark request is an authenticated one. */
  stack.admin = await signInFirstAdmin(stack.gateway.url, dbPath);
  stack.token = stack.admin.token;
  stack.fetch = bearerFetch(stack.token);
  return stack;
}

/**
 * Runs one benchmark: `body(stack)` against the services started under `dir`, then stops them and
 * removes `dir` however the body ends; a failure is printed and the process exits 1.
 */
export function runBench(dir, body, options = {}) {
  const run = async () => {
    try {
      const stack = await startBenchStack(dir, options);
      try {
        await body(stack);
      } finally {
        await stack.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

/** Uploads a sample ZIP from data/samples and waits until the dataset is ready. */
export async function uploadSample({ api, fetch }, file) {
  const form = new FormData();
  form.set('name', file.replace(/\.zip$/, ''));
  form.set('archive', await openAsBlob(join(services.ROOT, 'data/samples', file)), file);
  const dataset = await json(await fetch(`${api}/datasets`, { method: 'POST', body: form }));
  await services.waitFor('dataset ready', async () => (await json(await fetch(`${api}/datasets/${dataset.id}`))).status === 'ready', { timeoutMs: 300_000 });
  return json(await fetch(`${api}/datasets/${dataset.id}`));
}

/** Trains a model with `hyperparameters` (the rest defaults) and waits for it to complete. */
export async function trainModel({ api, fetch }, datasetId, hyperparameters, name = 'bench') {
  const model = await json(await fetch(`${api}/models`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, datasetId, hyperparameters }),
  }));
  await services.waitFor('model trained', async () => (await json(await fetch(`${api}/models/${model.id}`))).status === 'completed', { timeoutMs: 600_000 });
  return json(await fetch(`${api}/models/${model.id}`));
}

/** Copies model.json and best.safetensors of a model out of S3 into `modelDir`. */
export async function downloadModel(client, modelId, modelDir) {
  for (const file of ['model.json', 'best.safetensors']) {
    const object = await client.send(new GetObjectCommand({ Bucket: 'medseg', Key: `models/${modelId}/${file}` }));
    writeFileSync(join(modelDir, file), Buffer.from(await object.Body.transformToByteArray()));
  }
}
