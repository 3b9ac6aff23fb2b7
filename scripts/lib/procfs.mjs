// What Linux's /proc says about a process: enough to tell one of ours from a recycled pid, and
// to find which process holds a listening port. Off Linux every answer is "unknown" (null).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** { pid, ppid, argv, startTime, state } of a live process; null when gone, a zombie or unreadable. */
export function readProcess(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; every field after it is plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X') return null;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    // Field 22 (starttime, in clock ticks since boot) never changes for a pid's life, exec included.
    return { pid, ppid: Number(fields[1]), argv, startTime: fields[19], state };
  } catch {
    return null;
  }
}

export function listPids() {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

/** The environment of a process as one string (NUL-separated); '' when unreadable. */
export function readEnviron(pid) {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return '';
  }
}

/** The process listening on TCP `port` (IPv4 or IPv6), or null when none is found or /proc is closed to us. */
export function findPortHolder(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines;
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // cols[1] is ADDRESS:PORT in hex, cols[3] the state (0A = LISTEN), cols[9] the socket's inode.
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1].split(':').at(-1), 16) === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of listPids()) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match && inodes.has(match[1])) return readProcess(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** The machine's CPU ticks: busy (user, nice, system, irq, softirq), stolen by the hypervisor for other guests, and in all. */
export function cpuTimes() {
  const all = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = all;
  return { busy: user + nice + system + irq + softirq, steal, total: all.reduce((a, b) => a + b, 0) };
}
