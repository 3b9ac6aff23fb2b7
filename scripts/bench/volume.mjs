// See scripts/bench/volume. Prints the markdown tables of one run.
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, mkdtempSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadModel, json, runBench, trainModel } from '../lib/bench-stack.mjs';
import { cpuTimes } from '../lib/procfs.mjs';
import * as services from '../lib/services.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { PutObjectCommand } = require('@aws-sdk/client-s3');

const HEAD = '/usr/share/mricron/templates/ch2.nii.gz';
// Timed rounds per model, after one warm-up on each side; a round is one REST run then one bare run, so
// a machine that slows down midway (CPU steal on a shared VM) weighs on both sides alike.
const N = 3;
const INPUT_SIZE = 256;
const SLICES = 181;
// The 2D model's prepared training split (float32 images + uint8 masks at INPUT_SIZE; the default
// validation fraction keeps 20 of the 181 slices apart), and a budget of half of it.
const TRAIN_PAIRS = 161;
const PREPARED_BYTES = TRAIN_PAIRS * INPUT_SIZE * INPUT_SIZE * (4 + 1);
const BUDGET_MB = Math.floor(PREPARED_BYTES / 2 / 2 ** 20);
process.env.MEDSEG_ML_TRAINING_MEMORY_MB = String(BUDGET_MB);

const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-volume-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Asynchronous on purpose: a minute-long spawnSync would stall our event loop, and our HTTP client
// would then reuse a kept-alive socket the gateway had closed meanwhile.
const bare = async (...args) => {
  const { stdout } = await promisify(execFile)(services.PYTHON, [join(services.ROOT, 'scripts/bench/volume-bare.py'), ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return stdout.trim().split('\n').pop();
};

/** The bare loop as a long-lived process: `run()` times one decode + predict_volume. */
async function bareServer(modelDir) {
  const child = spawn(services.PYTHON, [join(services.ROOT, 'scripts/bench/volume-bare.py'), 'serve', modelDir, HEAD], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error('the bare loop exited early (its stderr is above)');
    return value;
  };
  if ((await next()) !== 'ready') throw new Error('the bare loop did not start');
  return {
    run: async () => {
      const cpu = processCpuSeconds(child.pid);
      child.stdin.write('run\n');
      const result = JSON.parse(await next());
      return { ...result, cpuSeconds: processCpuSeconds(child.pid) - cpu };
    },
    close: () => child.stdin.end(),
  };
}

// /proc's clock ticks (USER_HZ), 100 on Linux.
const TICK_S = 0.01;

/** User + system CPU seconds of one process, all its threads. */
function processCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_S;
}

function memoryKib(pid, field) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Number(/(\d+) kB/.exec(line)[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs `work()` while sampling the ml-service's RSS every 20 ms; VmHWM after clear_refs where allowed. */
async function peakRss(pid, work) {
  let reset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  const before = memoryKib(pid, 'VmRSS');
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, memoryKib(pid, 'VmRSS'))), 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  if (reset) peak = Math.max(peak, memoryKib(pid, 'VmHWM'));
  return { before: before / 1024, peak: peak / 1024 };
}

runBench(dir, async (stack) => {
  try {
    await measure(stack);
  } catch (error) {
    // The stack's folder is removed at the end: keep its logs to see what went wrong.
    const logs = mkdtempSync(join(tmpdir(), 'medseg-bench-volume-logs-'));
    for (const log of ['gateway.log', 'ml.log']) cpSync(join(dir, log), join(logs, log));
    console.error(`logs kept in ${logs}`);
    throw error;
  }
});

async function measure(stack) {
  const { api, fetch } = stack;
  const archive = join(dir, 'colin27.zip');
  await bare('dataset', archive);
  const form = new FormData();
  form.set('name', 'colin27');
  form.set('archive', await openAsBlob(archive), 'colin27.zip');
  const created = await json(await fetch(`${api}/datasets`, { method: 'POST', body: form }));
  await services.waitFor('dataset ready', async () => (await json(await fetch(`${api}/datasets/${created.id}`))).status === 'ready', { timeoutMs: 300_000 });
  console.log(`Colin27 dataset ready (${SLICES} slices); training the 2D model (1 epoch) with MEDSEG_ML_TRAINING_MEMORY_MB=${BUDGET_MB}…`);

  let model2d;
  const memory = await peakRss(stack.ml.pid, async () => {
    model2d = await trainModel(stack, created.id, { epochs: 1, inputSize: INPUT_SIZE }, 'colin27 unet');
  });

  // The 3D model: a unet_3d with random weights (speed is what is measured), stored like a trained one.
  const dir2d = join(dir, 'model-2d');
  const dir3d = join(dir, 'model-3d');
  mkdirSync(dir2d);
  mkdirSync(dir3d);
  await downloadModel(stack.client, model2d.id, dir2d);
  const id3d = randomUUID();
  await bare('model-3d', dir2d, dir3d, id3d);
  for (const [file, key] of [['best.safetensors', 'best.safetensors'], ['best.safetensors', 'last.safetensors'], ['model.json', 'model.json']]) {
    await stack.client.send(new PutObjectCommand({ Bucket: 'medseg', Key: `models/${id3d}/${key}`, Body: readFileSync(join(dir3d, file)) }));
  }
  await json(await fetch(`${api}/admin/resync`, { method: 'POST' }));
  await services.waitFor('3D model listed', async () => (await fetch(`${api}/models/${id3d}`)).status === 200);

  const head = readFileSync(HEAD);
  const rows = [];
  for (const [label, modelId, modelDir] of [
    ['2D U-Net (1 epoch on Colin27), 181 slices batched', model2d.id, dir2d],
    ['3D U-Net (random weights), sliding window 64³, overlap 0.5, Gaussian', id3d, dir3d],
  ]) {
    const segment = async () => {
      const f = new FormData();
      f.set('image', new Blob([head]), 'ch2.nii.gz');
      const t = performance.now();
      const body = await json(await fetch(`${api}/models/${modelId}/segment-volume`, { method: 'POST', body: f }));
      return { seconds: (performance.now() - t) / 1000, body };
    };
    // Loading first: a model the gateway cannot use answers why here, not by cutting the upload short.
    await json(await fetch(`${api}/models/${modelId}/load`, { method: 'POST' }));
    const warm = await segment();
    const bareLoop = await bareServer(modelDir);
    const rest = [];
    const restForward = [];
    const bareRuns = [];
    const ratios = [];
    const restCpu = [];
    const othersCpu = [];
    const cpuBefore = cpuTimes();
    try {
      for (let i = 0; i < N; i++) {
        const mlCpu = processCpuSeconds(stack.ml.pid);
        const machine = cpuTimes();
        const run = await segment();
        const mlSeconds = processCpuSeconds(stack.ml.pid) - mlCpu;
        restCpu.push(mlSeconds);
        othersCpu.push((cpuTimes().busy - machine.busy) * TICK_S - mlSeconds);
        const b = await bareLoop.run();
        rest.push(run.seconds);
        restForward.push(run.body.timings.forwardMs / 1000);
        bareRuns.push(b);
        ratios.push(b.seconds / run.seconds);
      }
    } finally {
      bareLoop.close();
    }
    const cpuAfter = cpuTimes();
    const steal = (cpuAfter.steal - cpuBefore.steal) / Math.max(1, cpuAfter.total - cpuBefore.total);
    rows.push([
      label,
      `${warm.body.depth}×${warm.body.height}×${warm.body.width}`,
      median(rest).toFixed(2),
      median(restForward).toFixed(2),
      median(bareRuns.map((b) => b.seconds)).toFixed(2),
      median(bareRuns.map((b) => b.forward_seconds)).toFixed(2),
      `${Math.round(100 * median(ratios))} %`,
      median(restCpu).toFixed(1),
      median(othersCpu).toFixed(1),
      median(bareRuns.map((b) => b.cpuSeconds)).toFixed(1),
      `${Math.round(100 * steal)} %`,
      bareRuns[0].device,
    ]);
  }

  console.log(`\nWhole-volume inference of Colin27 (ch2.nii.gz, 181×217×181, 1 mm): REST POST /segment-volume (warm, stored as a result) vs the bare loop (decode + predict_volume in one process). ${N} rounds of one REST run then one bare run, after a warm-up on each side; medians, and the median of the rounds' ratios. CPU steal: the share of this VM's CPU time the hypervisor gave to other guests meanwhile (above a few % the seconds are noisy). CPU s: user + system seconds of the ml-service during a REST run, of every other process meanwhile (gateway, S3, this script), and of the bare loop's process during its run.\n`);
  console.log('| model | volume (slices×rows×cols) | REST s | REST predict only s | bare s | bare predict only s | bare / REST (target ≥ 90 %) | ml-service CPU s | others CPU s | bare CPU s | CPU steal | device |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nml-service resident memory while training the 2D model on Colin27 (prepared data ${(PREPARED_BYTES / 2 ** 20).toFixed(1)} MiB = ${(PREPARED_BYTES / 2 ** 20 / BUDGET_MB).toFixed(2)}× MEDSEG_ML_TRAINING_MEMORY_MB=${BUDGET_MB}):\n`);
  console.log('| load | RSS before (MiB) | peak RSS (MiB) | growth (MiB) |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| train 1 epoch, ${TRAIN_PAIRS} training pairs at ${INPUT_SIZE}² | ${memory.before.toFixed(0)} | ${memory.peak.toFixed(0)} | ${(memory.peak - memory.before).toFixed(0)} |`);
  const spilled = /kept on disk bytes=(\d+) budget_bytes=(\d+)/.exec(readFileSync(join(dir, 'ml.log'), 'utf8'));
  if (spilled) console.log(`\nThe trainer's own count: prepared ${(Number(spilled[1]) / 2 ** 20).toFixed(1)} MiB (training split) over a budget of ${(Number(spilled[2]) / 2 ** 20).toFixed(1)} MiB: kept on disk.`);
}
