// See scripts/bench/train. Prints a markdown table.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runBench, uploadSample } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { GetObjectCommand, ListObjectsV2Command } = require('@aws-sdk/client-s3');

const epochsArg = process.argv[2] ? Number(process.argv[2]) : null;
const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-train-'));

/**
 * Reads a job's SSE until the stream ends (after the final status), calling `onEvent(type, payload, ms)`
 * for each `job` event; the opening `snapshot` is the model row and is skipped.
 */
async function readEvents(fetch, url, onEvent) {
  const res = await fetch(url);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
      if (fields.event !== 'job' || !fields.data) continue;
      const event = JSON.parse(fields.data);
      onEvent(event.type, event[event.type], performance.now());
    }
  }
}

runBench(dir, async (stack) => {
  const { api } = stack;
  const dataset = await uploadSample(stack, 'brain-mask.zip');

  const { hyperparameters } = await json(await stack.fetch(`${api}/models/defaults`));
  if (epochsArg) hyperparameters.epochs = epochsArg;
  console.log(`training ${hyperparameters.architecture}, ${hyperparameters.epochs} epochs, batch ${hyperparameters.batchSize}, ${hyperparameters.inputSize}px on ${dataset.pairCount ?? ''} pairs…`);
  const posted = performance.now();
  const model = await json(await stack.fetch(`${api}/models`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', datasetId: dataset.id, hyperparameters }),
  }));
  let firstProgress = null;
  let firstRunning = null;
  const epochs = [];
  await readEvents(stack.fetch, `${api}/models/${model.id}/events`, (type, data, at) => {
    if (type === 'step' && firstProgress === null) firstProgress = at - posted;
    if (type === 'status' && data.state === 'running' && firstRunning === null) firstRunning = at - posted;
    if (type === 'epoch') {
      epochs.push(data);
      process.stdout.write(`  epoch ${data.epoch}/${data.epochs}: loss ${data.trainLoss.toFixed(3)}, val Dice ${data.valDice === null ? "none" : data.valDice.toFixed(3)}, ${data.samplesPerSecond.toFixed(1)} samples/s\n`);
    }
    if (type === 'status' && ['failed', 'cancelled'].includes(data.state)) throw new Error(`training ${data.state}: ${data.message}`);
  });
  const detail = await json(await stack.fetch(`${api}/models/${model.id}`));
  // Epoch 1 warms up (allocator, caches); the steady state is what the bare loop measures too.
  const steady = epochs.slice(1).map((e) => e.samplesPerSecond).sort((a, b) => a - b);
  const serviceRate = steady.length ? steady[Math.floor(steady.length / 2)] : epochs[0].samplesPerSecond;

  // The bare loop on the very same shards, downloaded from S3.
  const shardDir = join(dir, 'shards');
  mkdirSync(shardDir);
  const { client } = stack;
  const listing = await client.send(new ListObjectsV2Command({ Bucket: 'medseg', Prefix: `datasets/${dataset.id}/data/` }));
  for (const { Key } of listing.Contents ?? []) {
    const object = await client.send(new GetObjectCommand({ Bucket: 'medseg', Key }));
    writeFileSync(join(shardDir, Key.split('/').pop()), Buffer.from(await object.Body.transformToByteArray()));
  }
  await stack.ml.stop(); // the bare loop gets the CPU to itself, as the job had
  const bare = spawnSync(services.PYTHON, [
    join(services.ROOT, 'scripts/bench/train-bare.py'), shardDir,
    '--architecture', hyperparameters.architecture, '--batch-size', String(hyperparameters.batchSize),
    '--input-size', String(hyperparameters.inputSize), '--depth', String(hyperparameters.depth),
    '--base-channels', String(hyperparameters.baseChannels), '--epochs', '3', '--warmup-epochs', '1',
    ...(hyperparameters.augmentation ? ['--augmentation', '--augmentation-preset', hyperparameters.augmentationPreset ?? 'nnunet'] : []),
    '--optimizer', hyperparameters.optimizer, '--learning-rate', String(hyperparameters.learningRate),
  ], { cwd: join(services.ROOT, 'ml-service'), encoding: 'utf8' });
  if (bare.status !== 0) throw new Error(`bare loop failed: ${bare.stderr}`);
  const bareRate = JSON.parse(bare.stdout.trim().split('\n').pop()).samples_per_second;

  const overhead = (1 - serviceRate / bareRate) * 100;
  console.log('\n| measure | value | target |');
  console.log('| --- | ---: | ---: |');
  console.log(`| samples/s, job via gateway + ml-service (median of epochs 2..n) | ${serviceRate.toFixed(1)} | |`);
  console.log(`| samples/s, bare PyTorch loop, same shards/model/batch | ${bareRate.toFixed(1)} | |`);
  console.log(`| service overhead | ${overhead.toFixed(1)} % | <= 5 % |`);
  const secs = (ms) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  console.log(`| POST /api/models to first SSE event showing the job running ("loading dataset") | ${secs(firstRunning)} | < 2 s |`);
  console.log(`| POST /api/models to first SSE training-step event (data loaded, first batch done) | ${secs(firstProgress)} | |`);
  console.log(`| best validation Dice, brain mask, defaults (${epochs.length} epochs, split ${detail.split?.method}) | ${detail.bestDice?.toFixed(4)} | threshold baseline 0.92 |`);
  console.log(`| training wall time | ${(epochs.at(-1).elapsedSeconds / 60).toFixed(1)} min | |`);
});
