// `npm start`: the whole platform on loopback with embedded defaults. SeaweedFS (unless
// MEDSEG_S3_ENDPOINT points elsewhere), the ml-service and the gateway, which also serves the web app.
// A child that dies is restarted with back-off while the others keep running (the gateway reports
// the gap as 503 on /api/health); Ctrl-C or SIGTERM stops them all.
import { join, resolve } from 'node:path';
import {
  ROOT, assertPortsFree, localS3Credentials, sleep, startGateway, startMlService, startSeaweed, waitFor,
} from './lib/services.mjs';

const env = process.env;
// Relative to the repository; an absolute path is taken as it is.
const dataDir = resolve(ROOT, env.MEDSEG_DATA_DIR ?? 'data');
const logDir = join(dataDir, 'logs');
const gatewayPort = Number(env.MEDSEG_PORT ?? 8080);
const mlPort = Number(env.MEDSEG_ML_PORT ?? 50051);
const s3Port = Number(env.MEDSEG_S3_PORT ?? 8333);
const embeddedS3 = !env.MEDSEG_S3_ENDPOINT;
const weedPorts = { master: 9333, volume: 9340, filer: 8888, admin: 23646 };
const MAX_BACKOFF_MS = 30_000;

/** name -> { proc, start } for every supervised child, in start order. */
const children = new Map();
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nmedseg: stopping…');
  // Reverse start order: the gateway first, so nothing calls a store that is going away.
  for (const { proc } of [...children.values()].reverse()) await proc?.stop(8000);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Starts a child and restarts it whenever it exits on its own. */
async function supervise(name, start) {
  const entry = { proc: null, start };
  children.set(name, entry);
  entry.proc = await start();
  void keepAlive(name, entry);
  return entry.proc;
}

async function keepAlive(name, entry) {
  let backoffMs = 1000;
  for (;;) {
    const code = await entry.proc.exitPromise;
    if (stopping) return;
    const startedAt = Date.now();
    console.error(`medseg: ${name} exited unexpectedly (code ${code}); restarting in ${backoffMs / 1000} s (log: ${entry.proc.logFile})`);
    await sleep(backoffMs);
    if (stopping) return;
    try {
      entry.proc = await entry.start();
      console.log(`medseg: ${name} is back`);
    } catch (error) {
      console.error(`medseg: ${name} did not come back: ${error.message}`);
      entry.proc = { exitPromise: Promise.resolve('failed to start'), logFile: entry.proc.logFile, stop: async () => null };
    }
    // A child that stays up a minute has recovered; one that keeps crashing waits longer each time.
    backoffMs = Date.now() - startedAt > 60_000 ? 1000 : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
  }
}

async function main() {
  const ports = [[gatewayPort, 'gateway, MEDSEG_PORT'], [mlPort, 'ml-service, MEDSEG_ML_PORT']];
  if (embeddedS3) {
    ports.push([s3Port, 'embedded S3, MEDSEG_S3_PORT']);
    for (const [name, port] of Object.entries(weedPorts)) ports.push([port, `SeaweedFS ${name}`], [port + 10000, `SeaweedFS ${name} gRPC`]);
  }
  await assertPortsFree(ports);

  const s3Env = {};
  const started = [];
  if (embeddedS3) {
    const credentials = localS3Credentials(dataDir);
    const startS3 = () =>
      startSeaweed({ dataDir: join(dataDir, 's3'), s3Port, credentials, ports: weedPorts, logFile: join(logDir, 's3.log') });
    started.push(
      supervise('s3', startS3).then((s3) => {
        Object.assign(s3Env, {
          MEDSEG_S3_ENDPOINT: s3.endpoint,
          MEDSEG_S3_ACCESS_KEY_ID: credentials.accessKeyId,
          MEDSEG_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        });
        console.log(`medseg: S3 (SeaweedFS) on ${s3.endpoint}, data in ${join(dataDir, 's3')}`);
      }),
    );
  }
  const startMl = () =>
    startMlService({
      port: mlPort,
      env: { MEDSEG_ML_CACHE_DIR: env.MEDSEG_ML_CACHE_DIR ?? join(dataDir, 'ml-cache') },
      logFile: join(logDir, 'ml-service.log'),
      echo: true,
    });
  started.push(supervise('ml-service', startMl).then((ml) => console.log(`medseg: ml-service on ${ml.url}`)));
  await Promise.all(started);

  const startGw = () =>
    startGateway({
      port: gatewayPort,
      env: {
        MEDSEG_DB_PATH: env.MEDSEG_DB_PATH ?? join(dataDir, 'medseg.db'),
        MEDSEG_ML_URL: `127.0.0.1:${mlPort}`,
        MEDSEG_WEB_DIR: join(ROOT, 'web/dist/web/browser'),
        ...s3Env,
      },
      logFile: join(logDir, 'gateway.log'),
      echo: true,
    });
  const gateway = await supervise('gateway', startGw);
  await waitFor('all services healthy', async () => (await fetch(`${gateway.url}/api/health`)).status === 200, {
    timeoutMs: 120_000,
  });
  console.log(`\nMedSeg is up: ${gateway.url}  (API docs: ${gateway.url}/api/docs; logs: ${logDir}; Ctrl-C stops everything)\n`);
}

main().catch(async (error) => {
  console.error(`medseg: ${error.message}`);
  await stopAll(1);
});
