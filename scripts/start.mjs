// `npm start`: the whole platform on loopback with embedded defaults. SeaweedFS (unless
// MEDSEG_S3_ENDPOINT points elsewhere), the ml-service and the gateway, which also serves the web app.
import { join } from 'node:path';
import {
  ROOT, assertPortsFree, localS3Credentials, startGateway, startMlService, startSeaweed, waitFor,
} from './lib/services.mjs';

const env = process.env;
const dataDir = join(ROOT, env.MEDSEG_DATA_DIR ?? 'data');
const logDir = join(dataDir, 'logs');
const gatewayPort = Number(env.MEDSEG_PORT ?? 8080);
const mlPort = Number(env.MEDSEG_ML_PORT ?? 50051);
const s3Port = Number(env.MEDSEG_S3_PORT ?? 8333);
const embeddedS3 = !env.MEDSEG_S3_ENDPOINT;

const running = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nmedseg: stopping…');
  // Reverse start order: the gateway first, so nothing calls a store that is going away.
  for (const proc of [...running].reverse()) await proc.stop(8000);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function watch(proc) {
  running.push(proc);
  proc.exitPromise.then((code) => {
    if (!stopping) {
      console.error(`medseg: ${proc.name} exited unexpectedly (code ${code}); see ${proc.logFile}`);
      void stopAll(1);
    }
  });
  return proc;
}

async function main() {
  const ports = [[gatewayPort, 'gateway, MEDSEG_PORT'], [mlPort, 'ml-service, MEDSEG_ML_PORT']];
  const weedPorts = { master: 9333, volume: 9340, filer: 8888, admin: 23646 };
  if (embeddedS3) {
    ports.push([s3Port, 'embedded S3, MEDSEG_S3_PORT']);
    for (const [name, port] of Object.entries(weedPorts)) ports.push([port, `SeaweedFS ${name}`], [port + 10000, `SeaweedFS ${name} gRPC`]);
  }
  await assertPortsFree(ports);

  const s3Env = {};
  const started = [];
  if (embeddedS3) {
    const credentials = localS3Credentials(dataDir);
    started.push(
      startSeaweed({ dataDir: join(dataDir, 's3'), s3Port, credentials, ports: weedPorts, logFile: join(logDir, 's3.log') }).then((s3) => {
        watch(s3);
        Object.assign(s3Env, {
          MEDSEG_S3_ENDPOINT: s3.endpoint,
          MEDSEG_S3_ACCESS_KEY_ID: credentials.accessKeyId,
          MEDSEG_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        });
        console.log(`medseg: S3 (SeaweedFS) on ${s3.endpoint}, data in ${join(dataDir, 's3')}`);
      }),
    );
  }
  started.push(
    startMlService({
      port: mlPort,
      env: { MEDSEG_ML_CACHE_DIR: env.MEDSEG_ML_CACHE_DIR ?? join(dataDir, 'ml-cache') },
      logFile: join(logDir, 'ml-service.log'),
      echo: true,
    }).then((ml) => {
      watch(ml);
      console.log(`medseg: ml-service on ${ml.url}`);
    }),
  );
  await Promise.all(started);

  const gateway = watch(
    await startGateway({
      port: gatewayPort,
      env: {
        MEDSEG_DB_PATH: env.MEDSEG_DB_PATH ?? join(dataDir, 'medseg.db'),
        MEDSEG_ML_URL: `127.0.0.1:${mlPort}`,
        MEDSEG_WEB_DIR: join(ROOT, 'web/dist/web/browser'),
        ...s3Env,
      },
      logFile: join(logDir, 'gateway.log'),
      echo: true,
    }),
  );
  await waitFor('all services healthy', async () => (await fetch(`${gateway.url}/api/health`)).status === 200, {
    timeoutMs: 120_000,
  });
  console.log(`\nMedSeg is up: ${gateway.url}  (API docs: ${gateway.url}/api/docs; logs: ${logDir}; Ctrl-C stops everything)\n`);
}

main().catch(async (error) => {
  console.error(`medseg: ${error.message}`);
  await stopAll(1);
});
