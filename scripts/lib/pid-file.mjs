// The supervisor's pid file (<data dir>/medseg.pids.json): which processes run for this data
// directory. A later `npm start` reads it to refuse a second supervisor and to stop what an earlier
// one left behind (one killed where no parent-death signal reached its children). Every entry
// carries the pid's start time and argv as /proc shows them, so a recycled pid is never killed.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { findStrayHolders, stillRunning, stopLeftovers } from './leftovers.mjs';
import { readProcess } from './procfs.mjs';

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
      return { supervisor: null, children: {} }; // unreadable: nothing in it can be trusted
    }
  }

  /**
   * Makes this process the data directory's supervisor: throws when another live supervisor holds
   * it, stops the children a dead one left behind and MedSeg programs of this data directory that
   * hold one of `ports` ({ port, what }), then records us.
   */
  async claim({ ports = [], log = console.log } = {}) {
    const previous = this.read();
    if (previous.supervisor && stillRunning(previous.supervisor)) {
      const { pid } = previous.supervisor;
      throw new Error(
        `MedSeg is already running for ${dirname(this.file)} (supervisor pid ${pid}): use that one, stop it ` +
          `(Ctrl-C in its terminal, or kill ${pid}), or set MEDSEG_DATA_DIR to another folder`,
      );
    }
    const recorded = Object.entries(previous.children)
      .filter(([, entry]) => stillRunning(entry))
      .map(([name, entry]) => ({ label: `${name} (pid ${entry.pid}) left running by an earlier npm start`, entry }));
    await stopLeftovers(recorded, log);
    // Runs from before this pid file, or ones whose file was lost, are known by what they hold.
    await stopLeftovers(findStrayHolders(dirname(this.file), ports), log);

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
