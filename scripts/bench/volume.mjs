// See scripts/bench/volume. Prints the markdown tables of one run.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, mkdtempSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadModel, json, runBench, trainModel } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { PutObjectCommand } = require('@aws-sdk/client-s3');

const HEAD = '/usr/share/mricron/templates/ch2.nii.gz';
const N = 2; // timed runs per side, after one warm-up each (a volume takes seconds, not milliseconds)
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
    const rest = [];
    const forward = [];
    for (let i = 0; i < N; i++) {
      const run = await segment();
      rest.push(run.seconds);
      forward.push(run.body.timings.forwardMs / 1000);
    }
    const b = JSON.parse(await bare('run', modelDir, HEAD, '--n', String(N)));
    const restS = median(rest);
    rows.push([label, `${warm.body.depth}×${warm.body.height}×${warm.body.width}`, restS.toFixed(2), median(forward).toFixed(2), b.seconds.toFixed(2), b.forward_seconds.toFixed(2), `${Math.round((100 * b.seconds) / restS)} %`, b.device]);
  }

  console.log('\nWhole-volume inference of Colin27 (ch2.nii.gz, 181×217×181, 1 mm): REST POST /segment-volume (warm, stored as a result) vs the bare loop (decode + predict_volume in one process). Median of', N, 'runs after a warm-up.\n');
  console.log('| model | volume (slices×rows×cols) | REST s | REST predict only s | bare s | bare predict only s | bare / REST (target ≥ 90 %) | device |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nml-service resident memory while training the 2D model on Colin27 (prepared data ${(PREPARED_BYTES / 2 ** 20).toFixed(1)} MiB = ${(PREPARED_BYTES / 2 ** 20 / BUDGET_MB).toFixed(2)}× MEDSEG_ML_TRAINING_MEMORY_MB=${BUDGET_MB}):\n`);
  console.log('| load | RSS before (MiB) | peak RSS (MiB) | growth (MiB) |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| train 1 epoch, ${TRAIN_PAIRS} training pairs at ${INPUT_SIZE}² | ${memory.before.toFixed(0)} | ${memory.peak.toFixed(0)} | ${(memory.peak - memory.before).toFixed(0)} |`);
  const spilled = /kept on disk bytes=(\d+) budget_bytes=(\d+)/.exec(readFileSync(join(dir, 'ml.log'), 'utf8'));
  if (spilled) console.log(`\nThe trainer's own count: prepared ${(Number(spilled[1]) / 2 ** 20).toFixed(1)} MiB (training split) over a budget of ${(Number(spilled[2]) / 2 ** 20).toFixed(1)} MiB: kept on disk.`);
}
