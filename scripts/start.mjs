// `npm start`: the whole platform on loopback with embedded defaults. SeaweedFS (unless
// MEDSEG_S3_ENDPOINT points elsewhere), the ml-service and the gateway, which also serves the web app.
// A child that dies is restarted with back-off while the others keep running (the gateway reports
// the gap as 503 on /api/health); Ctrl-C, SIGTERM or a closed terminal stops them all. Children die
// with this supervisor even when it is killed outright, and a later start stops what an older one
// left running for the same data directory (<data dir>/medseg.pids.json) before checking ports.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PidFile } from './lib/pid-file.mjs';
import { GRPC_OFFSET } from './lib/ports.mjs';
import { hasPdeathsig } from './lib/spawn.mjs';
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
const MAX_BACKOFF_MS = 30_000;
const pidFile = new PidFile(join(dataDir, 'medseg.pids.json'));

/** SeaweedFS's own listeners: MEDSEG_S3_INTERNAL_PORTS="master,volume,filer,admin". */
function seaweedPorts() {
  const names = ['master', 'volume', 'filer', 'admin'];
  const raw = env.MEDSEG_S3_INTERNAL_PORTS ?? '9333,9340,8888,23646';
  const ports = raw.split(',').map((p) => Number(p.trim()));
  if (ports.length !== names.length || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 55536)) {
    throw new Error(`MEDSEG_S3_INTERNAL_PORTS="${raw}" must be four ports (master,volume,filer,admin) below 55536, each with port + 10000 free too`);
  }
  return Object.fromEntries(names.map((name, i) => [name, ports[i]]));
}

/** name -> { proc, start } for every supervised child, in start order. */
const children = new Map();
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nmedseg: stopping…');
  // Reverse start order: the gateway first, so nothing calls a store that is going away.
  for (const { proc } of [...children.values()].reverse()) await proc?.stop(8000);
  // Only our own record: a refused start leaves a running supervisor's file alone.
  if (pidFile.claimed) pidFile.remove();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));

/** Starts a child and restarts it whenever it exits on its own. */
async function supervise(name, start) {
  const entry = { proc: null, start: () => start((proc) => pidFile.record(name, proc)) };
  children.set(name, entry);
  entry.proc = await entry.start();
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
  const weedPorts = embeddedS3 ? seaweedPorts() : {};
  if (process.platform === 'linux' && !hasPdeathsig()) {
    console.warn('medseg: setpriv (util-linux) not found: SeaweedFS and the gateway may outlive a killed npm start');
  }
  const ports = [
    { port: gatewayPort, what: 'gateway', setting: 'MEDSEG_PORT' },
    { port: mlPort, what: 'ml-service', setting: 'MEDSEG_ML_PORT' },
  ];
  if (embeddedS3) {
    ports.push({ port: s3Port, what: 'embedded S3', setting: 'MEDSEG_S3_PORT' });
    for (const [name, port] of Object.entries(weedPorts)) {
      for (const [p, kind] of [[port, ''], [port + GRPC_OFFSET, ' gRPC']]) {
        ports.push({ port: p, what: `SeaweedFS ${name}${kind}`, setting: 'MEDSEG_S3_INTERNAL_PORTS (master,volume,filer,admin)' });
      }
    }
  }
  // First ours: what a supervisor of this data directory, killed, left behind; then anything else.
  await pidFile.claim({ ports });
  await assertPortsFree(ports);

  const s3Env = {};
  const started = [];
  if (embeddedS3) {
    const credentials = localS3Credentials(dataDir);
    const startS3 = (onSpawn) =>
      startSeaweed({ dataDir: join(dataDir, 's3'), s3Port, credentials, ports: weedPorts, logFile: join(logDir, 's3.log'), onSpawn });
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
  const startMl = (onSpawn) =>
    startMlService({
      port: mlPort,
      env: { MEDSEG_ML_CACHE_DIR: env.MEDSEG_ML_CACHE_DIR ?? join(dataDir, 'ml-cache') },
      logFile: join(logDir, 'ml-service.log'),
      echo: true,
      onSpawn,
    });
  started.push(supervise('ml-service', startMl).then((ml) => console.log(`medseg: ml-service on ${ml.url}`)));
  await Promise.all(started);

  const dbPath = resolve(ROOT, env.MEDSEG_DB_PATH ?? join(dataDir, 'medseg.db'));
  const startGw = (onSpawn) =>
    startGateway({
      port: gatewayPort,
      env: {
        MEDSEG_DB_PATH: dbPath,
        MEDSEG_ML_URL: `127.0.0.1:${mlPort}`,
        MEDSEG_WEB_DIR: join(ROOT, 'web/dist/web/browser'),
        ...s3Env,
      },
      logFile: join(logDir, 'gateway.log'),
      echo: true,
      onSpawn,
    });
  const gateway = await supervise('gateway', startGw);
  await waitFor('all services healthy', async () => (await fetch(`${gateway.url}/api/health`)).status === 200, {
    timeoutMs: 120_000,
  });
  // The address login links and the session cookie are made for (the gateway's MEDSEG_PUBLIC_URL default).
  const open = env.MEDSEG_PUBLIC_URL?.trim().replace(/\/+$/, '') || gateway.url.replace('//127.0.0.1:', '//localhost:');
  console.log(`\nMedSeg is up: ${open}  (API docs: ${open}/api/docs; logs: ${logDir}; Ctrl-C stops everything)\n`);
  printLoginLink(dbPath);
}

/** The gateway writes a one-time admin link beside medseg.db while no admin has a password. */
function printLoginLink(dbPath) {
  const file = join(dirname(dbPath), 'login-link.txt');
  if (!existsSync(file)) return;
  const link = readFileSync(file, 'utf8').trim();
  const rule = '='.repeat(Math.max(60, link.length + 4));
  console.log(`${rule}\n  First sign-in: open this link to set the admin password\n\n  ${link}\n\n  (one-time, valid 24 h; also in ${file})\n${rule}\n`);
}

main().catch(async (error) => {
  console.error(`medseg: ${error.message}`);
  await stopAll(1);
});
