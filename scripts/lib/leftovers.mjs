// Finding and stopping MedSeg processes an earlier `npm start` of the same data directory left
// running: those its pid file names (checked against /proc, so a recycled pid is never touched),
// and, for runs from before the pid file, a MedSeg program holding one of our ports whose
// arguments or environment point into the data directory.
import { findPortHolder, readEnviron, readProcess } from './procfs.mjs';
import { sleep } from './spawn.mjs';

const STOP_GRACE_MS = 5000;

/** The running process a pid-file entry ({ pid, startTime, argv }) describes, or null when gone or now another program. */
export function stillRunning(entry) {
  const proc = readProcess(entry.pid);
  if (!proc || proc.startTime !== entry.startTime) return null;
  // A process that is exiting has already lost its argv but may still hold its ports.
  if (proc.argv.length === 0) return proc;
  // Before setpriv's exec the argv still has its prefix; the recorded argv is its tail.
  const tail = proc.argv.slice(-entry.argv.length);
  return tail.length === entry.argv.length && tail.every((arg, i) => arg === entry.argv[i]) ? proc : null;
}

/** One of our three programs (SeaweedFS, ml-service, gateway), judged by its argv. */
function isMedSegProgram(argv) {
  return argv[0]?.endsWith('/weed') || argv.includes('medseg_ml') || argv.some((a) => a.endsWith('gateway/dist/main.js'));
}

/** Processes holding one of `ports` that are MedSeg programs of `dataDir` (it is in their argv or environment). */
export function findStrayHolders(dataDir, ports) {
  const inside = `${dataDir}/`;
  const strays = new Map();
  for (const { port, what } of ports) {
    const proc = findPortHolder(port);
    if (!proc || strays.has(proc.pid) || !isMedSegProgram(proc.argv)) continue;
    // Still supervised (a live npm start without a pid file): not a leftover, the port check names it.
    if (readProcess(proc.ppid)?.argv.some((a) => a.endsWith('scripts/start.mjs'))) continue;
    const environ = readEnviron(proc.pid).split('\0');
    if (proc.argv.some((a) => a.includes(inside)) || environ.some((v) => v.slice(v.indexOf('=') + 1).startsWith(inside))) {
      const label = `pid ${proc.pid} (${proc.argv.join(' ').slice(0, 100)}) holding port ${port} (${what}), left by an earlier npm start of this data folder`;
      strays.set(proc.pid, { label, entry: { pid: proc.pid, startTime: proc.startTime, argv: proc.argv } });
    }
  }
  return [...strays.values()];
}

function signalGroup(pid, signal) {
  // Children lead their own process group (spawned detached): the group takes their children too.
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* gone */ }
  }
}

async function waitUntilGone(found, ms) {
  const deadline = Date.now() + ms;
  while (found.some(({ entry }) => stillRunning(entry)) && Date.now() < deadline) await sleep(100);
}

/** SIGTERM to the process group of each of `found` ([{ label, entry }]), SIGKILL to what is left after the grace period. */
export async function stopLeftovers(found, log) {
  for (const { label, entry } of found) {
    log(`medseg: stopping ${label}`);
    signalGroup(entry.pid, 'SIGTERM');
  }
  await waitUntilGone(found, STOP_GRACE_MS);
  for (const { entry } of found) if (stillRunning(entry)) signalGroup(entry.pid, 'SIGKILL');
  await waitUntilGone(found, STOP_GRACE_MS);
}
