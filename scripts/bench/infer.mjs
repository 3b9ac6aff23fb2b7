// See scripts/bench/infer. Prints one markdown table from one run.
import { spawnSync } from 'node:child_process';
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
  const bare = spawnSync(services.PYTHON, [join(services.ROOT, 'scripts/bench/infer-bare.py'), modelDir, image, '--n', String(N)], { encoding: 'utf8' });
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
  rows.push(['(b) gRPC Segment, warm', pct(grpcTimes, 50), pct(grpcTimes, 95)]);

  // (c) REST, persist=false, warm
  const rest = async () => {
    const f = new FormData();
    f.set('image', new Blob([imageBytes]), 'input.png');
    const t = performance.now();
    await json(await stack.fetch(`${gateway.url}/api/models/${model.id}/segment?persist=false`, { method: 'POST', body: f }));
    return performance.now() - t;
  };
  await rest();
  const restTimes = [];
  for (let i = 0; i < N; i++) restTimes.push(await rest());
  rows.push(['(c) REST POST /segment?persist=false, warm', pct(restTimes, 50), pct(restTimes, 95)]);

  // (d) first request after a cold start of the ml-service (process up, model not loaded)
  const cold = [];
  for (let i = 0; i < 3; i++) {
    await stack.restartMl(() => rmSync(join(dir, 'ml-cache', 'weights'), { recursive: true, force: true }));
    await services.waitFor('gateway sees ml-service', async () => (await stack.fetch(`${gateway.url}/api/health`)).status === 200);
    cold.push(await rest());
  }
  rows.push(['(d) first REST request after an ml-service restart (download + load + segment)', pct(cold, 50), Math.max(...cold)]);

  // (e) spawn per request
  const spawnTimes = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(services.PYTHON, [join(services.ROOT, 'scripts/bench/infer-spawn.py'), modelDir, image], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    spawnTimes.push(performance.now() - t);
  }
  rows.push(['(e) spawn per request: new Python, import torch, load, segment', pct(spawnTimes, 50), pct(spawnTimes, 95)]);

  // 8 concurrent REST clients for 10 s
  await rest();
  let done = 0;
  const until = performance.now() + 10_000;
  await Promise.all(Array.from({ length: 8 }, async () => { while (performance.now() < until) { await rest(); done++; } }));
  const rps = done / 10;

  const f = (ms) => ms.toFixed(1);
  console.log(`\n256x256 input, U-Net (defaults), device: ${bareJson.device ?? 'cpu'}, ${N} requests each\n`);
  console.log('| path | p50 ms | p95 ms |');
  console.log('| --- | ---: | ---: |');
  for (const [name, p50, p95] of [rows[0], bareEndToEnd, ...rows.slice(1)]) console.log(`| ${name} | ${f(p50)} | ${f(p95)} |`);
  console.log(`| 8 concurrent REST clients | ${rps.toFixed(1)} requests/s | |`);
  const [a, , c, , e] = rows.map((r) => r[1]);
  console.log(`\ntarget (c) <= 1.5 x (a) + 15 ms: ${f(c)} <= ${f(1.5 * a + 15)} → ${c <= 1.5 * a + 15 ? 'met' : 'NOT met'}`);
  console.log(`target (c) >= 20x faster than (e): ${(e / c).toFixed(1)}x → ${e / c >= 20 ? 'met' : 'NOT met'}`);
});
