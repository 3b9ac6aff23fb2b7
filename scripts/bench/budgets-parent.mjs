// The baseline of scripts/bench/budgets: the same crafted files sent, one at a time, to the ml-service of
// the commit before the decode budgets. That one trusts headers and inflates streams whole, so each
// file runs alone under a guard that kills the service once it holds GUARD_MIB: ten at once would take
// the machine down.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkGrpcHealth } from '../lib/ml-health.mjs';
import { freePort } from '../lib/ports.mjs';
import * as services from '../lib/services.mjs';
import { spawnProcess } from '../lib/spawn.mjs';

const GUARD_MIB = 3 * 1024;

/** Unpacks ml-service/ and proto/ of `ref` into `dir`. */
function checkout(ref, dir) {
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['-C', services.ROOT, 'archive', ref, 'ml-service', 'proto'], { maxBuffer: 512 << 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
}

async function startParent(dir, port) {
  const proc = spawnProcess('ml-parent', services.PYTHON, ['-m', 'medseg_ml'], {
    cwd: join(dir, 'ml-service'),
    env: {
      PYTHONUNBUFFERED: '1',
      PYTHONPATH: join(dir, 'ml-service'),
      MEDSEG_ML_HOST: '127.0.0.1',
      MEDSEG_ML_PORT: String(port),
      MEDSEG_ML_CACHE_DIR: join(dir, 'ml-cache'),
      MEDSEG_ML_EXIT_WITH_STDIN: '1',
    },
    parentWatch: 'stdin',
    logFile: join(dir, 'ml-parent.log'),
  });
  const url = `127.0.0.1:${port}`;
  await services.waitFor('parent ml-service', async () => (await checkGrpcHealth(url)) === 'SERVING', { process: proc, timeoutMs: 120_000 });
  return Object.assign(proc, { url });
}

/**
 * One row per crafted file: what the parent answered and its peak RSS (MiB).
 *
 * @param segmentAt (url) => (name, data) => Promise: Segment calls against the ml-service at `url`.
 * @param readRss (pid) => VmRSS in KiB.
 */
export async function measureParent({ ref, dir, crafted, valid, segmentAt, readRss }) {
  checkout(ref, dir);
  const port = await freePort();
  const rows = [];
  let proc = null;
  for (const file of crafted) {
    proc ??= await startParent(dir, port);
    const segment = segmentAt(proc.url);
    await segment('valid.png', valid); // loads the model, as in the measured runs
    const before = readRss(proc.pid);
    let peak = before;
    let killed = false;
    const timer = setInterval(() => {
      peak = Math.max(peak, readRss(proc.pid));
      if (peak > GUARD_MIB * 1024 && !killed) {
        killed = true;
        try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }, 5);
    const outcome = await segment(file.name, file.data).then(
      () => 'OK (not refused)',
      (e) => (killed ? `killed by the ${GUARD_MIB / 1024} GiB guard` : (e.details ?? String(e)).slice(0, 90)),
    );
    clearInterval(timer);
    rows.push([file.name, outcome, (before / 1024).toFixed(0), (peak / 1024).toFixed(0)]);
    if (killed) {
      await proc.stop().catch(() => undefined);
      proc = null;
    }
  }
  await proc?.stop();
  return rows;
}
