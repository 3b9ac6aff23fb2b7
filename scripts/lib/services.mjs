// Starts and stops the platform's processes (SeaweedFS, ml-service, gateway). Used by `npm start`,
// the gateway's integration tests and the browser tests, so all three run the real thing the same way.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PYTHON = process.env.MEDSEG_PYTHON ?? join(ROOT, '.venv/bin/python');
const WEED = process.env.MEDSEG_WEED ?? join(ROOT, '.venv/bin/weed');
// SeaweedFS puts each server's gRPC port at its HTTP port + 10000.
const GRPC_OFFSET = 10000;

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** True when something accepts TCP connections on host:port. */
export function isListening(port, host = '127.0.0.1') {
  return new Promise((res) => {
    const socket = connect({ port, host });
    socket.once('connect', () => { socket.destroy(); res(true); });
    socket.once('error', () => res(false));
    socket.setTimeout(1000, () => { socket.destroy(); res(false); });
  });
}

function canBind(port, host = '127.0.0.1') {
  return new Promise((res) => {
    const server = createServer();
    server.once('error', () => res(false));
    server.listen(port, host, () => server.close(() => res(true)));
  });
}

/** A free port; with `grpcOffset`, one whose SeaweedFS gRPC twin (port + 10000) is free too. */
export async function freePort({ grpcOffset = false } = {}) {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 25000);
    if ((await canBind(port)) && (!grpcOffset || (await canBind(port + GRPC_OFFSET)))) return port;
  }
  throw new Error('no free port found');
}

export async function assertPortsFree(ports) {
  for (const [port, what] of ports) {
    if (!(await canBind(port))) {
      throw new Error(`port ${port} (${what}) is already in use: stop whatever holds it or choose another port`);
    }
  }
}

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

/**
 * Spawns a child in its own process group (so stop() reaches its children too), writing its
 * output to logFile and, when `echo` is set, to our stdout with a name prefix.
 */
export function spawnProcess(name, command, args, { env = {}, cwd = ROOT, logFile, echo = false } = {}) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = {
    name,
    child,
    logFile,
    exited: false,
    exitCode: null,
    exitPromise: null,
    async stop(timeoutMs = 5000) {
      if (handle.exited) return handle.exitCode;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timedOut = await Promise.race([handle.exitPromise.then(() => false), sleep(timeoutMs).then(() => true)]);
      if (timedOut) {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
        await handle.exitPromise;
      }
      return handle.exitCode;
    },
  };
  handle.exitPromise = new Promise((res) => {
    child.once('exit', (code, signal) => {
      handle.exited = true;
      handle.exitCode = code ?? signal;
      res(handle.exitCode);
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (echo) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
      }
    });
  }
  child.once('exit', () => log.end());
  return handle;
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
 * instances (npm start, test runs) can live side by side.
 */
export async function startSeaweed({ dataDir, s3Port, credentials, logFile, echo = false, ports }) {
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
    env: { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    logFile,
    echo,
  });
  const endpoint = `http://127.0.0.1:${s3Port}`;
  // Anonymous requests get 403 once the S3 API is up, which is all we wait for.
  await waitFor('SeaweedFS S3', async () => (await fetch(endpoint)).status > 0, { process: proc, timeoutMs: 60_000 });
  return Object.assign(proc, { endpoint, credentials });
}

export async function startMlService({ port, env = {}, logFile, echo = false }) {
  const proc = spawnProcess('ml', PYTHON, ['-m', 'medseg_ml'], {
    cwd: join(ROOT, 'ml-service'),
    env: { PYTHONUNBUFFERED: '1', MEDSEG_ML_HOST: '127.0.0.1', MEDSEG_ML_PORT: String(port), ...env },
    logFile,
    echo,
  });
  await waitFor('ml-service', () => isListening(port), { process: proc, timeoutMs: 120_000 });
  return Object.assign(proc, { url: `127.0.0.1:${port}` });
}

export async function startGateway({ port, env = {}, logFile, echo = false }) {
  const proc = spawnProcess('gateway', process.execPath, [join(ROOT, 'gateway/dist/main.js')], {
    env: { MEDSEG_HOST: '127.0.0.1', MEDSEG_PORT: String(port), ...env },
    logFile,
    echo,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('gateway', async () => (await fetch(`${url}/api/health`)).status > 0, { process: proc, timeoutMs: 60_000 });
  return Object.assign(proc, { url });
}
