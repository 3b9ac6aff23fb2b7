// Spawning a platform process so that it cannot outlive its parent: on Linux the kernel kills it
// when the parent dies (parent-death signal via util-linux `setpriv`, for binaries we do not control
// such as `weed`), or the child watches a pipe on its stdin and exits at EOF (the ml-service, which
// then takes its own process group with it). SIGKILL, a closed terminal or the OOM killer thus
// leave no orphans holding ports. Output goes to a size-rotated log file.
import { spawn, spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { createStream } from 'rotating-file-stream';

const LOG_ROTATION = { size: '10M', keep: 2 }; // the live file plus 2 rotated ones: 30 MB per log at most

let setprivChecked = null;
/** True when `setpriv --pdeathsig` works here (util-linux on Linux; absent on macOS). */
export function hasPdeathsig() {
  if (setprivChecked === null) {
    const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true'], { stdio: 'ignore' });
    setprivChecked = probe.status === 0;
  }
  return setprivChecked;
}

function rotatingLog(logFile) {
  const log = createStream(basename(logFile), { path: dirname(logFile), size: LOG_ROTATION.size, rotate: LOG_ROTATION.keep });
  let reported = false;
  log.on('error', (error) => {
    if (!reported) process.stderr.write(`medseg: cannot write ${logFile}: ${error.message}\n`);
    reported = true;
  });
  return log;
}

/**
 * Spawns a child in its own process group (so stop() reaches its children too), writing its
 * output to logFile and, when `echo` is set, to our stdout with a name prefix.
 * `parentWatch`: 'pdeathsig' (default) or 'stdin' for a child that exits when its stdin pipe closes.
 */
export function spawnProcess(name, command, args, { env = {}, cwd, logFile, echo = false, parentWatch = 'pdeathsig' } = {}) {
  const log = rotatingLog(logFile);
  const [file, argv] =
    parentWatch === 'pdeathsig' && hasPdeathsig() ? ['setpriv', ['--pdeathsig', 'KILL', command, ...args]] : [command, args];
  const child = spawn(file, argv, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    // The stdin pipe's write end stays open here and is never written to: it closes only when we die.
    stdio: [parentWatch === 'stdin' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdin?.on('error', () => {});
  const handle = {
    name,
    child,
    pid: child.pid,
    /** The child's argv once running (after setpriv's exec), as /proc/<pid>/cmdline shows it. */
    argv: [command, ...args],
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
  // A spawn failure (missing binary) is reported as an exit, like any other early death.
  child.once('error', (error) => {
    log.write(`medseg: cannot start ${command}: ${error.message}\n`);
    child.emit('exit', null, `spawn error: ${error.message}`);
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

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
