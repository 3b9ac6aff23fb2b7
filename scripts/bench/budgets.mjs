// See scripts/bench/budgets. Peak ml-service resident memory (from /proc/<pid>/status) while the crafted
// files of ml-service/tests/crafted_files.py arrive from CONCURRENT clients at once, beside its idle
// RSS and the same load of valid images. Segment and InspectDataset are called over gRPC, straight
// at the ml-service; the gateway only sets up the model.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, runBench, trainModel } from '../lib/bench-stack.mjs';
import { measureParent } from './budgets-parent.mjs';
import * as services from '../lib/services.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const CONCURRENT = Number(process.argv[2] ?? 10);
// A git ref: also send the crafted files, one at a time, to that commit's ml-service (the baseline).
const PARENT = process.argv[3] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-budgets-'));
const mib = (kib) => (kib / 1024).toFixed(0);

/** A memory line of /proc/<pid>/status in KiB; 0 once the process is gone (or a zombie). */
function memoryKib(pid, field) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Number(/(\d+) kB/.exec(line)[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resets VmHWM to the current RSS (Linux clear_refs "5"); false where that is not allowed. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `load()` while watching the ml-service's RSS; returns a table row. */
async function measure(pid, label, load) {
  await new Promise((r) => setTimeout(r, 500));
  const before = memoryKib(pid, 'VmRSS');
  const hwm = resetPeak(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, memoryKib(pid, 'VmRSS'))), 5);
  const started = performance.now();
  const outcome = await load();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  if (hwm) peak = Math.max(peak, memoryKib(pid, 'VmHWM'));
  return [label, outcome, mib(before), mib(peak), mib(peak - before), seconds.toFixed(1)];
}

/** Counts the outcomes of settled calls: "70 INVALID_ARGUMENT", "10 OK". */
function tally(results) {
  const counts = new Map();
  for (const r of results) {
    const key = r.status === 'fulfilled' ? 'OK' : (grpc.status[r.reason.code] ?? String(r.reason));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

function makeInputs() {
  const made = spawnSync(services.PYTHON, ['tests/crafted_files.py', dir], { cwd: join(services.ROOT, 'ml-service'), encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  const archives = spawnSync(services.PYTHON, ['tests/archive_factory.py', join(dir, 'archives')], { cwd: join(services.ROOT, 'ml-service'), encoding: 'utf8' });
  if (archives.status !== 0) throw new Error(archives.stderr);
  const valid = spawnSync(services.PYTHON, ['-c', 'import sys; from PIL import Image; Image.radial_gradient("L").resize((256, 256)).save(sys.argv[1])', join(dir, 'valid.png')]);
  if (valid.status !== 0) throw new Error(valid.stderr.toString());
  const names = Object.keys(JSON.parse(readFileSync(join(dir, 'crafted.json'), 'utf8')));
  return { crafted: names.map((name) => ({ name, data: readFileSync(join(dir, name)) })), valid: readFileSync(join(dir, 'valid.png')) };
}

async function modelSource(stack) {
  const form = new FormData();
  form.set('name', 'bench-png');
  form.set('archive', new Blob([readFileSync(join(dir, 'archives/png_8bit.zip'))]), 'png_8bit.zip');
  const dataset = await json(await stack.fetch(`${stack.api}/datasets`, { method: 'POST', body: form }));
  await services.waitFor('dataset ready', async () => (await json(await stack.fetch(`${stack.api}/datasets/${dataset.id}`))).status === 'ready');
  const model = await trainModel(stack, dataset.id, { epochs: 1, inputSize: 32, batchSize: 4, depth: 2, baseChannels: 4, augmentation: false, validationFraction: 0.35 });
  const card = await stack.client.send(new GetObjectCommand({ Bucket: 'medseg', Key: `models/${model.id}/model.json` }));
  return {
    modelId: model.id,
    cardJson: await card.Body.transformToString(),
    weightsUrl: await getSignedUrl(stack.client, new GetObjectCommand({ Bucket: 'medseg', Key: `models/${model.id}/best.safetensors` }), { expiresIn: 3600 }),
    weightsSha256: model.weights.bestSha256,
  };
}

function stubs(url) {
  const load = (file) => protoLoader.loadSync(file, { includeDirs: [join(services.ROOT, 'proto')], longs: Number, enums: String, defaults: true, oneofs: true });
  const inference = grpc.loadPackageDefinition(load('medseg/v1/inference_service.proto')).medseg.v1;
  const datasets = grpc.loadPackageDefinition(load('medseg/v1/dataset_service.proto')).medseg.v1;
  const options = { 'grpc.max_receive_message_length': 256 << 20, 'grpc.max_send_message_length': 256 << 20 };
  return {
    inference: new inference.InferenceService(url, grpc.credentials.createInsecure(), options),
    datasets: new datasets.DatasetService(url, grpc.credentials.createInsecure(), options),
  };
}

runBench(dir, async (stack) => {
  const inputs = makeInputs();
  const source = await modelSource(stack);
  const { inference, datasets } = stubs(stack.ml.url);
  await stack.client.send(new PutObjectCommand({ Bucket: 'medseg', Key: 'bench/crafted.zip', Body: readFileSync(join(dir, 'crafted.zip')) }));
  const archiveUrl = await getSignedUrl(stack.client, new GetObjectCommand({ Bucket: 'medseg', Key: 'bench/crafted.zip' }), { expiresIn: 3600 });

  const segmentWith = (stub) => (name, data) =>
    new Promise((resolve, reject) => stub.segment({ model: source, upload: { data, fileName: name }, limits: {} }, { deadline: Date.now() + 120_000 }, (e, r) => (e ? reject(e) : resolve(r))));
  const segment = segmentWith(inference);
  const inspect = () =>
    new Promise((resolve, reject) => {
      const call = datasets.inspectDataset({ datasetId: 'bench-crafted', archiveUrl, limits: {} });
      let result = null;
      call.on('data', (m) => (result = m.result ?? result));
      call.on('error', reject);
      call.on('end', () => (result && result.pairs.length === 1 ? resolve(result) : reject(new Error('inspection did not keep the valid pair'))));
    });
  const settle = (promise) => promise.then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason }));
  // One client sends the crafted files one after another.
  const craftedRound = async () => {
    const results = [];
    for (const file of inputs.crafted) results.push(await settle(segment(file.name, file.data)));
    return results;
  };
  const clients = async (one) => (await Promise.all(Array.from({ length: CONCURRENT }, one))).flat();

  // Warm-up: the model loads and every decoder's modules are imported, so the baseline is a warm service.
  await segment('valid.png', inputs.valid);
  await craftedRound();
  await inspect();

  const pid = stack.ml.pid;
  const rows = [
    await measure(pid, 'idle, warm (model loaded, decoders imported)', async () => 'none'),
    await measure(pid, `${CONCURRENT} clients × Segment of a valid 256×256 PNG`, async () => tally(await Promise.allSettled(Array.from({ length: CONCURRENT }, () => segment('valid.png', inputs.valid))))),
    await measure(pid, `${CONCURRENT} clients × Segment of the ${inputs.crafted.length} crafted files`, async () => tally(await clients(craftedRound))),
    await measure(pid, `${CONCURRENT} clients × InspectDataset of crafted.zip`, async () => tally(await Promise.allSettled(Array.from({ length: CONCURRENT }, inspect)))),
  ];
  inference.close();
  datasets.close();
  const parentRows = PARENT
    ? await measureParent({ ref: PARENT, dir: join(dir, 'parent'), crafted: inputs.crafted, valid: inputs.valid, segmentAt: (url) => segmentWith(stubs(url).inference), readRss: (p) => memoryKib(p, 'VmRSS') })
    : [];

  const sizes = inputs.crafted.map((f) => `${f.name} ${(f.data.length / 1024).toFixed(f.data.length < 10_240 ? 1 : 0)} KiB`).join(', ');
  console.log(`\nml-service resident memory (VmRSS before, peak = max of VmHWM after clear_refs and VmRSS sampled every 5 ms)`);
  console.log(`crafted files: ${sizes}\n`);
  console.log('| load | outcome | RSS before (MiB) | peak RSS (MiB) | growth (MiB) | seconds |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (parentRows.length) {
    console.log(`\nThe same files, one at a time, to the ml-service of ${PARENT} (before the decode budgets):\n`);
    console.log('| file | outcome | RSS before (MiB) | peak RSS (MiB) |');
    console.log('| --- | --- | ---: | ---: |');
    for (const row of parentRows) console.log(`| ${row.join(' | ')} |`);
  }
});
