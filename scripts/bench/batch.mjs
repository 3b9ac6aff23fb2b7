// See scripts/bench/batch. Prints one markdown table from one run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadModel, json, runBench, trainModel, uploadSample } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const copies = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-batch-'));

function python(args) {
  const run = spawnSync(services.PYTHON, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

runBench(dir, async (stack) => {
  const dataset = await uploadSample(stack, 'brain-mask.zip');
  const model = await trainModel(stack, dataset.id, { epochs: 1 });
  console.log('model trained; measuring…');

  // The input: every image of the sample, `copies` times over, as PNG files in one ZIP.
  const archive = join(dir, 'images.zip');
  python(['-c', [
    'import sys, zipfile',
    'src = zipfile.ZipFile(sys.argv[1]); out = zipfile.ZipFile(sys.argv[2], "w")',
    "names = [n for n in src.namelist() if '/images/' in n and not n.endswith('/')]",
    'for copy in range(int(sys.argv[3])):',
    '    for n in names: out.writestr(f"copy{copy}/" + n.rsplit("/", 1)[1], src.read(n))',
    'out.close()',
  ].join('\n'), join(services.ROOT, 'data/samples/brain-mask.zip'), archive, String(copies)]);

  // (a) batch job through the gateway: upload, queue, download, decode, forward, write outputs.
  const started = performance.now();
  const form = new FormData();
  form.set('file', await openAsBlob(archive), 'images.zip');
  let batch = await json(await stack.fetch(`${stack.api}/models/${model.id}/batches`, { method: 'POST', body: form }));
  await services.waitFor('batch completed', async () => {
    batch = await json(await stack.fetch(`${stack.api}/batches/${batch.id}`));
    if (batch.state === 'failed' || batch.state === 'cancelled') throw new Error(`batch ${batch.state}: ${batch.error}`);
    return batch.state === 'completed';
  }, { timeoutMs: 900_000, intervalMs: 1000 });
  const wallSeconds = (performance.now() - started) / 1000;
  const report = await json(await stack.fetch(`${stack.api}/batches/${batch.id}/report`));

  // (b) bare in-process loop over the same ZIP, same model and batch size.
  const modelDir = join(dir, 'model');
  mkdirSync(modelDir);
  await downloadModel(stack.client, model.id, modelDir);
  const bare = JSON.parse(python([join(services.ROOT, 'scripts/bench/batch-bare.py'), modelDir, archive]).trim().split('\n').pop());

  const f = (x) => x.toFixed(1);
  console.log(`\n${report.image_count} images (${copies} x the brain-mask sample's ${report.image_count / copies} slices), U-Net defaults (${bare.input_size} px), batch ${bare.batch_size}, device: ${bare.device}\n`);
  console.log('| path | images | seconds | images/s |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| (a) batch job in the ml-service (decode, forward, masks.zip, CSV, report) | ${report.image_count} | ${f(report.seconds)} | ${f(report.images_per_second)} |`);
  console.log(`| (a+) same job seen from the client (upload, queue, outputs, completion) | ${batch.imageCount} | ${f(wallSeconds)} | ${f(batch.imageCount / wallSeconds)} |`);
  console.log(`| (b) bare in-process loop (decode, forward, mask) | ${bare.images} | ${f(bare.seconds)} | ${f(bare.images_per_second)} |`);
  const ratio = report.images_per_second / bare.images_per_second;
  console.log(`\ntarget (a) >= 85 % of (b): ${(ratio * 100).toFixed(0)} % → ${ratio >= 0.85 ? 'met' : 'NOT met'}`);
  if (batch.failedCount) console.log(`(${batch.failedCount} images failed: ${JSON.stringify(batch.failures.slice(0, 3))})`);
});
