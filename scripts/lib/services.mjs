// Starts and stops the platform's processes (SeaweedFS, ml-service, gateway). Used by `npm start`,
// the gateway's integration tests and the browser tests, so all three run the real thing the same way.
// Every process dies with the one that started it (see spawn.mjs), a killed test runner included.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGrpcHealth } from './ml-health.mjs';
import { freePort } from './ports.mjs';
import { sleep, spawnProcess } from './spawn.mjs';

export { assertPortsFree, freePort } from './ports.mjs';
export { sleep } from './spawn.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PYTHON = process.env.MEDSEG_PYTHON ?? join(ROOT, '.venv/bin/python');
const WEED = process.env.MEDSEG_WEED ?? join(ROOT, '.venv/bin/weed');

export async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 200, process } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process?.exited) throw new Error(`${what} exited with code ${process.exitCode} before it was ready (log: ${process.logFile})`);
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s${process ? ` (log: ${process.logFile})` : ''}`);
}

/** Random S3 credentials made once per data folder, so the embedded store never runs open. */
export function localS3Credentials(dataDir) {
  const file = join(dataDir, 's3-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const credentials = {
    accessKeyId: `medseg${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/**
 * SeaweedFS `weed mini` on loopback. Every listener gets an explicit port so that several
 * instances (npm start, test runs) can live side by side; free ones are picked when `ports` is not
 * given, and the handle carries the `s3Port` and `ports` it runs on. `onSpawn(handle)` runs before it is ready.
 */
export async function startSeaweed({ dataDir, s3Port, credentials, logFile, echo = false, ports, onSpawn }) {
  mkdirSync(dataDir, { recursive: true });
  const p = ports ?? {
    master: await freePort({ grpcOffset: true }),
    volume: await freePort({ grpcOffset: true }),
    filer: await freePort({ grpcOffset: true }),
    admin: await freePort({ grpcOffset: true }),
  };
  const args = [
    'mini', `-dir=${dataDir}`, '-ip=127.0.0.1', '-ip.bind=127.0.0.1',
    `-s3.port=${s3Port}`, `-master.port=${p.master}`, `-volume.port=${p.volume}`, `-filer.port=${p.filer}`,
    `-admin.port=${p.admin}`, '-admin.ui=false', '-webdav=false', '-s3.port.iceberg=0', '-s3.port.lance=0',
    '-master.telemetry=false', '-s3.autoCreateBucket=false',
  ];
  const proc = spawnProcess('s3', WEED, args, {
    cwd: ROOT,
    env: { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    logFile,
    echo,
  });
  onSpawn?.(proc);
  const endpoint = `http://127.0.0.1:${s3Port}`;
  // Anonymous requests get 403 once the S3 API is up, which is all we wait for.
  await waitFor('SeaweedFS S3', async () => (await fetch(endpoint)).status > 0, { process: proc, timeoutMs: 60_000 });
  return Object.assign(proc, { endpoint, credentials, s3Port, ports: p });
}

/**
 * startSeaweed for a stack of its own (tests, benchmarks) on fresh loopback ports. Another process can
 * take a port between freePort() and SeaweedFS's bind, and SeaweedFS then exits: that start is retried
 * on new ports, in an emptied data folder, keeping the failed attempt's log beside the next one's.
 */
export async function startSeaweedOnFreePorts({ dataDir, logFile, attempts = 3, ...options }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSeaweed({ ...options, dataDir, logFile, s3Port: await freePort({ grpcOffset: true }) });
    } catch (err) {
      if (attempt >= attempts || !/exited with code/.test(String(err?.message))) throw err;
      if (existsSync(logFile)) renameSync(logFile, `${logFile}.attempt${attempt}`);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** The ml-service; started once its gRPC health check answers SERVING. */
export async function startMlService({ port, env = {}, logFile, echo = false, onSpawn }) {
  const proc = spawnProcess('ml', PYTHON, ['-m', 'medseg_ml'], {
    cwd: join(ROOT, 'ml-service'),
    // MEDSEG_ML_EXIT_WITH_STDIN: it watches the stdin pipe and exits, with its process group, when we die.
    env: { PYTHONUNBUFFERED: '1', MEDSEG_ML_HOST: '127.0.0.1', MEDSEG_ML_PORT: String(port), MEDSEG_ML_EXIT_WITH_STDIN: '1', ...env },
    parentWatch: 'stdin',
    logFile,
    echo,
  });
  onSpawn?.(proc);
  const url = `127.0.0.1:${port}`;
  await waitFor('ml-service', async () => (await checkGrpcHealth(url)) === 'SERVING', { process: proc, timeoutMs: 120_000 });
  return Object.assign(proc, { url });
}

export async function startGateway({ port, env = {}, logFile, echo = false, onSpawn, main = join(ROOT, 'gateway/dist/main.js') }) {
  const proc = spawnProcess('gateway', process.execPath, [main], {
    cwd: ROOT,
    env: { MEDSEG_HOST: '127.0.0.1', MEDSEG_PORT: String(port), ...env },
    logFile,
    echo,
  });
  onSpawn?.(proc);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('gateway', async () => (await fetch(`${url}/api/health`)).status > 0, { process: proc, timeoutMs: 60_000 });
  return Object.assign(proc, { url });
}
