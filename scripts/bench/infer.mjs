// See scripts/bench/infer. Prints one markdown table from one run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadModel, json, runBench, trainModel, uploadSample } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { GetObjectCommand } = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const N = 50;
const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-infer-'));
// Not spawnSync for the long runs: a blocked event loop keeps sockets the gateway closed meanwhile
// (keep-alive timeout) in the fetch pool, and the next request fails with "other side closed".
const runPython = (args) => new Promise((resolve, reject) => {
  const child = spawn(services.PYTHON, args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('error', reject);
  child.on('close', (status) => resolve({ status, stdout, stderr }));
});
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

runBench(dir, async (stack) => {
  const { client, gateway } = stack;
  // A default model (U-Net, 256 px input) trained for one epoch on the brain sample.
  const dataset = await uploadSample(stack, 'brain-mask.zip');
  const model = await trainModel(stack, dataset.id, { epochs: 1 });
  console.log('model trained; measuring…');

  // The input: one slice of the sample, resized to 256x256.
  const image = join(dir, 'input.png');
  const make = spawnSync(services.PYTHON, ['-c', [
    'import io, sys, zipfile', 'from PIL import Image',
    'z = zipfile.ZipFile(sys.argv[1])', "name = [n for n in z.namelist() if '/images/' in n][90]",
    "Image.open(io.BytesIO(z.read(name))).resize((256, 256)).save(sys.argv[2])",
  ].join('\n'), join(services.ROOT, 'data/samples/brain-mask.zip'), image]);
  if (make.status !== 0) throw new Error(make.stderr.toString());
  const imageBytes = readFileSync(image);

  // Model files for the in-process and spawn variants.
  const modelDir = join(dir, 'model');
  mkdirSync(modelDir);
  await downloadModel(client, model.id, modelDir);

  const rows = [];
  // (a) bare forward in-process
  const bare = await runPython([join(services.ROOT, 'scripts/bench/infer-bare.py'), modelDir, image, '--n', String(N)]);
  if (bare.status !== 0) throw new Error(bare.stderr);
  const bareJson = JSON.parse(bare.stdout.trim().split('\n').pop());
  rows.push(['(a) bare in-process forward (preprocessed tensor → mask)', bareJson.p50_ms, bareJson.p95_ms]);
  const bareEndToEnd = ['(a+) bare in-process decode + preprocess + forward', bareJson.decode_and_forward_p50_ms, bareJson.decode_and_forward_p95_ms];

  // (b) gRPC Segment straight to the ml-service
  const definition = protoLoader.loadSync('medseg/v1/inference_service.proto', { includeDirs: [join(services.ROOT, 'proto')], longs: Number, enums: Number, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition).medseg.v1;
  const stub = new pkg.InferenceService(stack.ml.url, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 256 << 20 });
  const detail = await json(await stack.fetch(`${gateway.url}/api/models/${model.id}`));
  const source = {
    modelId: model.id,
    cardJson: readFileSync(join(modelDir, 'model.json'), 'utf8'),
    weightsUrl: await getSignedUrl(client, new GetObjectCommand({ Bucket: 'medseg', Key: `models/${model.id}/best.safetensors` }), { expiresIn: 3600 }),
    weightsSha256: detail.weights.bestSha256,
  };
  const call = () => new Promise((res, rej) => stub.segment({ model: source, upload: { data: imageBytes, fileName: 'input.png' } }, (e, r) => (e ? rej(e) : res(r))));
  await call();
  const grpcTimes = [];
  for (let i = 0; i < N; i++) { const t = performance.now(); await call(); grpcTimes.push(performance.now() - t); }
  rows.push(['(b) gRPC Segment, warm (every output: image, mask, probabilities)', pct(grpcTimes, 50), pct(grpcTimes, 95)]);

  // (c) REST, persist=false, warm: the mask only (the default); (c+) what the inference page asks for.
  const restCall = async (include = '') => {
    const f = new FormData();
    f.set('image', new Blob([imageBytes]), 'input.png');
    const t = performance.now();
    const body = await json(await stack.fetch(`${gateway.url}/api/models/${model.id}/segment?persist=false${include ? `&include=${include}` : ''}`, { method: 'POST', body: f }));
    return { ms: performance.now() - t, timings: body.timings };
  };
  const rest = async (include) => (await restCall(include)).ms;
  const breakdowns = {};
  for (const [key, include, name] of [['c', '', '(c) REST POST /segment?persist=false, warm (mask only)'], ['c+', 'image,probabilities', '(c+) REST …&include=image,probabilities, warm (what the inference page asks)']]) {
    await restCall(include);
    const calls = [];
    for (let i = 0; i < N; i++) calls.push(await restCall(include));
    rows.push([name, pct(calls.map((c) => c.ms), 50), pct(calls.map((c) => c.ms), 95)]);
    const median = (f) => pct(calls.map(f), 50);
    breakdowns[key] = {
      decode: median((c) => c.timings.decodeMs),
      forward: median((c) => c.timings.forwardMs),
      encode: median((c) => c.timings.encodeMs),
      ml: median((c) => c.timings.totalMs),
      gateway: median((c) => c.timings.gatewayMs - c.timings.totalMs),
      client: median((c) => c.ms - c.timings.gatewayMs),
      total: median((c) => c.ms),
    };
  }

  // (f) a click in a guided session on the same image: the image went once, at open; each click sends
  // only the prompts and gets back only the changed voxels. Against (a_g), the bare guided forward.
  const guided = await trainModel(stack, dataset.id, { epochs: 1, guided: true }, 'bench-guided');
  const guidedDir = join(dir, 'guided-model');
  mkdirSync(guidedDir);
  await downloadModel(client, guided.id, guidedDir);
  const bareGuided = await runPython([join(services.ROOT, 'scripts/bench/infer-bare.py'), guidedDir, image, '--n', String(N)]);
  if (bareGuided.status !== 0) throw new Error(bareGuided.stderr);
  const bareGuidedJson = JSON.parse(bareGuided.stdout.trim().split('\n').pop());
  const openForm = new FormData();
  openForm.set('image', new Blob([imageBytes]), 'input.png');
  const session = await json(await stack.fetch(`${gateway.url}/api/models/${guided.id}/sessions`, { method: 'POST', body: openForm }));
  const click = async (i) => {
    // Alternate two prompt lists so every click changes the answer.
    const prompts = [{ kind: 'point', classIndex: 1, points: [128, 128, 0], planeAxis: 2 }];
    if (i % 2) prompts.push({ kind: 'point', classIndex: 0, points: [60 + (i % 7), 70, 0], planeAxis: 2 });
    const t = performance.now();
    const response = await stack.fetch(`${gateway.url}/api/sessions/${session.id}/prompts`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompts }),
    });
    if (response.status !== 200) throw new Error(`prompt answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
    const timing = Object.fromEntries(response.headers.get('server-timing').split(', ').map((part) => {
      const [name, dur] = part.split(';dur=');
      return [name, Number(dur)];
    }));
    return { ms: performance.now() - t, timing };
  };
  await click(0);
  const clicks = [];
  for (let i = 1; i <= N; i++) clicks.push(await click(i));
  const clickRow = ['(f) session click: POST /api/sessions/:id/prompts, warm (guided U-Net)', pct(clicks.map((c) => c.ms), 50), pct(clicks.map((c) => c.ms), 95)];
  const clickForward = pct(clicks.map((c) => c.timing.forward), 50);
  await stack.fetch(`${gateway.url}/api/sessions/${session.id}`, { method: 'DELETE' });

  // (d) first request after a restart with an empty weights cache (download + load + segment), against
  // (d-) what it may cost: the weight load alone (LoadModel after the same restart) plus a warm (c).
  const restart = async (clearWeights) => {
    await stack.restartMl(clearWeights ? () => rmSync(join(dir, 'ml-cache', 'weights'), { recursive: true, force: true }) : undefined);
    await services.waitFor('gateway sees ml-service', async () => (await stack.fetch(`${gateway.url}/api/health`)).status === 200);
  };
  const cold = [];
  const loads = [];
  for (let i = 0; i < 3; i++) {
    await restart(true);
    loads.push((await json(await stack.fetch(`${gateway.url}/api/models/${model.id}/load`, { method: 'POST' }))).loadMs);
    await restart(true);
    cold.push(await rest());
  }
  rows.push(['(d) first REST request after an ml-service restart (download + load + segment)', pct(cold, 50), Math.max(...cold)]);
  const coldBudget = pct(loads, 50) + rows[2][1];
  // (d2) the same with the weights cache kept: the recently used model is preloaded at start.
  const preloaded = [];
  for (let i = 0; i < 3; i++) {
    await restart(false);
    preloaded.push(await rest());
  }
  rows.push(['(d2) first REST request after a restart, weights cache kept (model preloaded at start)', pct(preloaded, 50), Math.max(...preloaded)]);

  // (e) spawn per request
  const spawnTimes = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await runPython([join(services.ROOT, 'scripts/bench/infer-spawn.py'), modelDir, image]);
    if (r.status !== 0) throw new Error(r.stderr);
    spawnTimes.push(performance.now() - t);
  }
  rows.push(['(e) spawn per request: new Python, import torch, load, segment', pct(spawnTimes, 50), pct(spawnTimes, 95)]);

  // 8 concurrent REST clients for 10 s (mask only), against one bare forward of 8 images at a time.
  await rest();
  let done = 0;
  const until = performance.now() + 10_000;
  await Promise.all(Array.from({ length: 8 }, async () => { while (performance.now() < until) { await rest(); done++; } }));
  const rps = done / 10;

  const f = (ms) => ms.toFixed(1);
  console.log(`\n256x256 input, U-Net (defaults), device: ${bareJson.device ?? 'cpu'} (torch ${bareJson.torch}), ${N} requests each\n`);
  console.log('| path | p50 ms | p95 ms |');
  console.log('| --- | ---: | ---: |');
  const [a, c, cPage, d, d2, e] = [rows[0], rows[2], rows[3], rows[4], rows[5], rows[6]];
  for (const [name, p50, p95] of [a, bareEndToEnd, rows[1], c, cPage, d, d2, e]) console.log(`| ${name} | ${f(p50)} | ${f(p95)} |`);
  console.log(`| (a_g) bare in-process forward of the guided U-Net (image + guidance maps) | ${f(bareGuidedJson.p50_ms)} | ${f(bareGuidedJson.p95_ms)} |`);
  console.log(`| ${clickRow[0]} | ${f(clickRow[1])} | ${f(clickRow[2])} |`);
  console.log(`| 8 concurrent REST clients (mask only) | ${rps.toFixed(1)} requests/s | |`);
  console.log(`| bare batched decode + forward, ${bareJson.batch} images at a time | ${bareJson.batched_images_per_s.toFixed(1)} images/s | |`);

  console.log('\nWhere the ms of a warm REST request go (p50 of each part; ml-service timings, the gateway\'s own, and the rest)\n');
  console.log('| part | (c) mask only | (c+) include=image,probabilities |');
  console.log('| --- | ---: | ---: |');
  for (const [key, name] of [['decode', 'ml-service decode'], ['forward', 'ml-service forward (batcher included)'], ['encode', 'ml-service encode (PNGs)'], ['ml', 'ml-service total'], ['gateway', 'gateway (auth, model lookup, presign, multipart, JSON) + gRPC'], ['client', 'HTTP to and from the client'], ['total', 'whole request']]) {
    console.log(`| ${name} | ${f(breakdowns.c[key])} | ${f(breakdowns['c+'][key])} |`);
  }

  const aPlus = bareEndToEnd[1];
  console.log(`\ntarget (c) <= 1.5 x (a) + 15 ms: ${f(c[1])} <= ${f(1.5 * a[1] + 15)} → ${c[1] <= 1.5 * a[1] + 15 ? 'met' : 'NOT met'}`);
  console.log(`target (c) within 5 ms of (a+): ${f(c[1])} <= ${f(aPlus + 5)} → ${c[1] <= aPlus + 5 ? 'met' : 'NOT met'}`);
  // LoadModel's load_ms: download + load + the warm-up forward; the bare load: reading the file alone.
  console.log(`target (d) <= weight load + warm (c): ${f(d[1])} <= LoadModel ${f(pct(loads, 50))} + ${f(c[1])} = ${f(coldBudget)} → ${d[1] <= coldBudget ? 'met' : 'NOT met'}; strict, bare load ${f(bareJson.load_ms)} + ${f(c[1])} = ${f(bareJson.load_ms + c[1])} → ${d[1] <= bareJson.load_ms + c[1] ? 'met' : 'NOT met'}`);
  console.log(`target (f) click within 5 ms of the bare guided forward (a_g): ${f(clickRow[1])} <= ${f(bareGuidedJson.p50_ms + 5)} → ${clickRow[1] <= bareGuidedJson.p50_ms + 5 ? 'met' : 'NOT met'} (the click's own forward, guidance encoding included: ${f(clickForward)} ms)`);
  const share = rps / bareJson.batched_images_per_s;
  console.log(`target 8 concurrent >= 80 % of bare batched: ${(100 * share).toFixed(0)} % → ${share >= 0.8 ? 'met' : 'NOT met'}`);
  console.log(`target (c) >= 20x faster than (e): ${(e[1] / c[1]).toFixed(1)}x → ${e[1] / c[1] >= 20 ? 'met' : 'NOT met'}`);
});
