// `npm start`'s supervisor, run for real (node scripts/start.mjs) on a temp data dir and free ports:
// killed with SIGKILL it leaves no process of that data dir behind, a later start reaches healthy,
// what an earlier start left running is stopped (a recycled pid is not), and a port held by another
// program is refused with a message naming it and the setting that moves it.
// Needs the built gateway (bash scripts/build-if-stale), like `npm start`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { listPids, readEnviron, readProcess } from '../lib/procfs.mjs';
import { ROOT, freePort, sleep, waitFor } from '../lib/services.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'medseg-supervisor-'));
const pidFile = join(dataDir, 'medseg.pids.json');
const extras = []; // processes this test spawns itself
let env;
let ports;
let supervisor = null;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'gateway/dist/main.js')), 'build the gateway first: bash scripts/build-if-stale');
  ports = { gateway: await freePort(), ml: await freePort(), s3: await freePort() };
  const weed = [];
  for (let i = 0; i < 4; i++) weed.push(await freePort({ grpcOffset: true }));
  env = { ...process.env, MEDSEG_DATA_DIR: dataDir, MEDSEG_PORT: String(ports.gateway), MEDSEG_ML_PORT: String(ports.ml),
    MEDSEG_S3_PORT: String(ports.s3), MEDSEG_S3_INTERNAL_PORTS: weed.join(',') };
  for (const name of ['MEDSEG_S3_ENDPOINT', 'MEDSEG_DB_PATH', 'MEDSEG_ML_CACHE_DIR']) delete env[name];
});

after(async () => {
  if (supervisor && !supervisor.exited) {
    supervisor.child.kill('SIGTERM');
    await within(supervisor.exit, 15_000);
  }
  for (const child of extras) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits for `promise` at most `ms`, without a timer left behind to hold the test process open. */
async function within(promise, ms) {
  let timer;
  await Promise.race([promise, new Promise((res) => { timer = setTimeout(res, ms); })]);
  clearTimeout(timer);
}

function startSupervisor() {
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sup = { child, output: '', exited: false, code: null };
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => { sup.output += chunk; });
  sup.exit = new Promise((res) => child.once('exit', (code, signal) => { Object.assign(sup, { exited: true, code: code ?? signal }); res(); }));
  return sup;
}

async function waitHealthy(sup) {
  try {
    await waitFor('gateway health 200', async () => {
      if (sup.exited) throw new Error('gone');
      return (await fetch(`http://127.0.0.1:${ports.gateway}/api/health`)).status === 200;
    }, { timeoutMs: 150_000, intervalMs: 500 });
  } catch (error) {
    assert.fail(`${error.message}; supervisor ${sup.exited ? `exited ${sup.code}` : 'running'}; output:\n${sup.output.slice(-3000)}`);
  }
}

/** Live processes that belong to our data dir: it is in their argv or their environment. */
function processesOfDataDir() {
  return listPids()
    .filter((pid) => pid !== process.pid)
    .map(readProcess)
    .filter((proc) => proc && (proc.argv.join(' ').includes(dataDir) || readEnviron(proc.pid).includes(dataDir)));
}

function spawnIdle(args, options = {}) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', ...args], { stdio: 'ignore', ...options });
  extras.push(child);
  return child;
}

function entryOf(pid) {
  const proc = readProcess(pid);
  return { pid, startTime: proc.startTime, argv: proc.argv };
}

test('a port held by another program is refused, naming the port and its setting', async () => {
  const holder = createServer();
  await new Promise((res) => holder.listen(ports.gateway, '127.0.0.1', res));
  try {
    const sup = startSupervisor();
    await within(sup.exit, 30_000);
    assert.equal(sup.code, 1, sup.output);
    assert.match(sup.output, new RegExp(`port ${ports.gateway} \\(gateway\\) is already in use by process ${process.pid}`));
    assert.match(sup.output, /choose another with MEDSEG_PORT/);
  } finally {
    await new Promise((res) => holder.close(res));
  }
});

test('leftovers of an earlier start are stopped, a recycled pid is left alone', async () => {
  // An ml-service an old supervisor (without parent-death signals) left holding the port.
  const leftover = spawn(process.execPath, ['-e', `require('net').createServer().listen(${ports.ml}, '127.0.0.1'); setInterval(() => {}, 1e6)`, dataDir],
    { stdio: 'ignore', detached: true });
  extras.push(leftover);
  // One from before the pid file, known only by the port it holds, its program and its environment.
  const stray = spawn(process.execPath, ['-e', `require('net').createServer().listen(${ports.gateway}, '127.0.0.1'); setInterval(() => {}, 1e6)`, 'medseg_ml'],
    { stdio: 'ignore', detached: true, env: { ...process.env, MEDSEG_ML_CACHE_DIR: join(dataDir, 'ml-cache') } });
  extras.push(stray);
  // A pid that now belongs to an unrelated program.
  const unrelated = spawnIdle([]);
  const dead = spawn('true');
  await new Promise((res) => dead.once('exit', res));
  await sleep(300);
  const unrelatedEntry = entryOf(unrelated.pid);
  writeFileSync(pidFile, JSON.stringify({
    supervisor: { pid: dead.pid, startTime: '1', argv: [process.execPath, 'scripts/start.mjs'] },
    children: {
      'ml-service': entryOf(leftover.pid),
      gateway: { ...unrelatedEntry, argv: [process.execPath, join(ROOT, 'gateway/dist/main.js')] }, // same pid and start, other argv
      s3: { ...unrelatedEntry, startTime: String(Number(unrelatedEntry.startTime) - 1) }, // same pid and argv, other start
    },
  }));

  supervisor = startSupervisor();
  await waitHealthy(supervisor);
  assert.match(supervisor.output, new RegExp(`stopping ml-service \\(pid ${leftover.pid}\\) left running by an earlier npm start`));
  assert.match(supervisor.output, new RegExp(`stopping pid ${stray.pid} \\(.*\\) holding port ${ports.gateway} \\(gateway\\)`));
  assert.equal(readProcess(leftover.pid), null, 'the leftover is gone');
  assert.equal(readProcess(stray.pid), null, 'the stray is gone');
  assert.notEqual(readProcess(unrelated.pid), null, 'the unrelated process still runs');
});

test('SIGKILL of the supervisor leaves no process of its data dir within 5 s', async () => {
  const { children } = JSON.parse(readFileSync(pidFile, 'utf8'));
  assert.deepEqual(Object.keys(children).sort(), ['gateway', 'ml-service', 's3']);
  const running = processesOfDataDir().map((p) => `${p.pid} ${p.argv.join(' ')}`);
  assert.ok(running.length >= 3, `the scan finds the three children while they run: ${running.join('; ')}\n${supervisor.output.slice(-2000)}`);

  supervisor.child.kill('SIGKILL');
  await supervisor.exit;
  // A recorded child counts until /proc shows it gone: a dying process loses its argv before it ends.
  const remaining = () => [
    ...processesOfDataDir().map((p) => `${p.pid} ${p.argv.join(' ')}`),
    ...Object.entries(children)
      .filter(([, entry]) => readProcess(entry.pid)?.startTime === entry.startTime)
      .map(([name, entry]) => `${name} (pid ${entry.pid})`),
  ];
  const deadline = Date.now() + 5000;
  let left = remaining();
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = remaining();
  }
  assert.deepEqual(left, [], 'orphans remain');
});

test('the next start reaches healthy and a SIGTERM stops it cleanly', async () => {
  supervisor = startSupervisor();
  await waitHealthy(supervisor);
  assert.doesNotMatch(supervisor.output, /left running by an earlier npm start/);
  supervisor.child.kill('SIGTERM');
  await within(supervisor.exit, 30_000);
  assert.equal(supervisor.code, 0, supervisor.output.slice(-3000));
  assert.equal(existsSync(pidFile), false, 'a clean stop removes the pid file');
  // A child that has been reaped can still show in /proc for a moment while the kernel tears it down.
  const deadline = Date.now() + 5000;
  let left = processesOfDataDir();
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = processesOfDataDir();
  }
  assert.deepEqual(left.map((p) => `${p.pid} ${p.argv.join(' ')}`), []);
});
