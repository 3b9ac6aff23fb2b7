// The supervisor's pid file (<data dir>/medseg.pids.json): which processes run for this data
// directory. A later `npm start` reads it to refuse a second supervisor and to stop what an earlier
// one left behind (one killed where no parent-death signal reached its children). Every entry
// carries the pid's start time and argv as /proc shows them, so a recycled pid is never killed.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readProcess } from './procfs.mjs';
import { sleep } from './spawn.mjs';

const STOP_GRACE_MS = 5000;

/** The running process an entry describes, or null when that pid is gone or now belongs to another program. */
function stillRunning(entry) {
  const proc = readProcess(entry.pid);
  if (!proc || proc.startTime !== entry.startTime) return null;
  // Before setpriv's exec the argv still has its prefix; the recorded argv is its tail.
  const tail = proc.argv.slice(-entry.argv.length);
  return tail.length === entry.argv.length && tail.every((arg, i) => arg === entry.argv[i]) ? proc : null;
}

function signalGroup(pid, signal) {
  // Children lead their own process group (spawned detached): the group takes their children too.
  try {
    process.kill(-pid, signal);
  } catch {
    try { process.kill(pid, signal); } catch { /* gone */ }
  }
}

export class PidFile {
  constructor(file) {
    this.file = file;
    this.entries = { supervisor: null, children: {} };
    this.claimed = false;
  }

  read() {
    if (!existsSync(this.file)) return { supervisor: null, children: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8'));
      return { supervisor: parsed.supervisor ?? null, children: parsed.children ?? {} };
    } catch {
      return { supervisor: null, children: {} }; // half-written by a supervisor killed mid-write
    }
  }

  /**
   * Makes this process the data directory's supervisor: throws when another live supervisor holds
   * it, stops the children a dead one left behind, then records us.
   */
  async claim({ log = console.log } = {}) {
    const previous = this.read();
    if (previous.supervisor && stillRunning(previous.supervisor)) {
      const { pid } = previous.supervisor;
      throw new Error(
        `MedSeg is already running for ${dirname(this.file)} (supervisor pid ${pid}): use that one, stop it ` +
          `(Ctrl-C in its terminal, or kill ${pid}), or set MEDSEG_DATA_DIR to another folder`,
      );
    }
    const leftovers = Object.entries(previous.children)
      .map(([name, entry]) => [name, entry, stillRunning(entry)])
      .filter(([, , proc]) => proc);
    for (const [name, entry] of leftovers) {
      log(`medseg: stopping ${name} (pid ${entry.pid}) left running by an earlier npm start`);
      signalGroup(entry.pid, 'SIGTERM');
    }
    const deadline = Date.now() + STOP_GRACE_MS;
    while (leftovers.some(([, entry]) => stillRunning(entry)) && Date.now() < deadline) await sleep(100);
    for (const [, entry] of leftovers) if (stillRunning(entry)) signalGroup(entry.pid, 'SIGKILL');
    const killDeadline = Date.now() + STOP_GRACE_MS;
    while (leftovers.some(([, entry]) => stillRunning(entry)) && Date.now() < killDeadline) await sleep(50);

    const self = readProcess(process.pid);
    this.entries = { supervisor: self && { pid: self.pid, startTime: self.startTime, argv: self.argv }, children: {} };
    this.write();
    this.claimed = true;
  }

  /** Records a just-spawned child (a spawnProcess handle) under `name`, replacing the one it restarts. */
  record(name, handle) {
    const proc = handle.pid && readProcess(handle.pid);
    if (!proc) return; // already gone, or no /proc (not Linux): nothing we could check later
    this.entries.children[name] = { pid: handle.pid, startTime: proc.startTime, argv: handle.argv };
    this.write();
  }

  /** After a clean stop: nothing is left to find. */
  remove() {
    rmSync(this.file, { force: true });
  }

  write() {
    mkdirSync(dirname(this.file), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    writeFileSync(`${this.file}.tmp`, `${JSON.stringify(this.entries, null, 2)}\n`);
    renameSync(`${this.file}.tmp`, this.file);
  }
}
