// See scripts/bench/annotate. Prints the markdown tables of one run.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { json, runBench } from '../lib/bench-stack.mjs';
import { cpuTimes } from '../lib/procfs.mjs';
import * as services from '../lib/services.mjs';

// Cases the simulated annotator corrects from the first model's proposal before fine-tuning: version 21.
const CORRECTED = 20;
// Small and quick on a shared 2-core CPU: slices resized to 128² for the network, a narrow U-Net.
const HYPERPARAMETERS = { inputSize: 128, depth: 4, baseChannels: 8, batchSize: 4, epochs: 30, seed: 1 };
// Which unlabeled cases the annotator corrects: 'spread' (evenly over the unlabeled slices, by index)
// or 'entropy' (the queue's first, most uncertain by the first model). With 8 labelled slices of the
// brain the entropy queue picks the top-of-head slices above the brain, all of them to erase.
const PICK = process.env.MEDSEG_BENCH_PICK ?? 'spread';
// The fine-tunes from version 21: the platform's defaults (half the parent's epochs at its learning
// rate), and one as long as the first training.
const FINE_TUNES = [
  ['fine-tuned, platform defaults', {}],
  ['fine-tuned, parent epochs and learning rate', { epochs: HYPERPARAMETERS.epochs, learningRate: 0.001 }],
];
// What secondsSpent records for a simulated save: a dab and a glance at the result.
const SECONDS_PER_STROKE = 2;

const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-annotate-'));
const started = performance.now();
const cpuBefore = cpuTimes();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** annotate.py's answer (one JSON document) to `args`. */
async function pixels(...args) {
  const { stdout } = await promisify(execFile)(services.PYTHON, [join(services.ROOT, 'scripts/bench/annotate.py'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

async function download(fetch, url, file) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

async function waitForModel({ api, fetch }, id, what) {
  let model;
  await services.waitFor(what, async () => {
    model = await json(await fetch(`${api}/models/${id}`));
    return model.status !== 'training';
  }, { timeoutMs: 900_000, intervalMs: 1000 });
  if (model.status !== 'completed') throw new Error(`${what}: ${model.status} ${model.error ?? ''}`);
  return model;
}

runBench(dir, async (stack) => {
  try {
    await measure(stack);
  } catch (error) {
    const logs = mkdtempSync(join(tmpdir(), 'medseg-bench-annotate-logs-'));
    for (const log of ['gateway.log', 'ml.log']) cpSync(join(dir, log), join(logs, log));
    console.error(`logs kept in ${logs}`);
    throw error;
  }
});

async function measure(stack) {
  const { api, fetch } = stack;
  const post = (path, body) => fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const { result: split, radius, target, cap, saveCap } = await pixels('prepare', dir);
  const form = new FormData();
  form.set('name', 'brain-annotate');
  form.set('archive', await openAsBlob(join(dir, 'brain.zip')), 'brain-annotate.zip');
  const created = await json(await fetch(`${api}/datasets`, { method: 'POST', body: form }));
  await services.waitFor('dataset ready', async () => (await json(await fetch(`${api}/datasets/${created.id}`))).status === 'ready', { timeoutMs: 300_000 });
  const datasetId = created.id;
  console.log(`brain-annotate: ${split.labelled.length} labelled slices, ${split.unlabeled} unlabeled; ${split.heldOut.length} held out. Training the first model…`);

  const firstId = (await json(await post('/models', { name: 'brain annotate', datasetId, hyperparameters: HYPERPARAMETERS }))).id;
  const first = await waitForModel(stack, firstId, 'first model trained');

  // The queue ordered by the first model, most uncertain first, as the annotation page offers it.
  const queue = await json(await fetch(`${api}/datasets/${datasetId}/annotation-queue?modelId=${firstId}&method=entropy`));
  const picked = PICK === 'entropy'
    ? queue.items.slice(0, CORRECTED)
    : Array.from({ length: CORRECTED }, (_, i) => [...queue.items].sort((a, b) => a.caseIndex - b.caseIndex)[Math.floor(((i + 0.5) * queue.items.length) / CORRECTED)]);
  console.log(`first model: best Dice ${first.bestDice?.toFixed(3)}; correcting ${picked.length} cases (${PICK}): ${picked.map((p) => p.name).join(', ')}…`);
  const jobs = [];
  for (const item of picked) {
    const result = await json(await post(`/models/${firstId}/segment-case`, { datasetId, caseIndex: item.caseIndex }));
    const base = join(dir, `case-${item.caseIndex}`);
    jobs.push({
      name: item.name.replace(/\.png$/, ''),
      caseIndex: item.caseIndex,
      image: await download(fetch, `${api}/datasets/${datasetId}/cases/${item.caseIndex}/image.nii.gz`, `${base}-image.nii.gz`),
      proposal: await download(fetch, `${api}/inference-results/${result.id}/volume/mask.nii.gz`, `${base}-proposal.nii.gz`),
      out: `${base}-mask.nii.gz`,
    });
  }
  writeFileSync(join(dir, 'correct.json'), JSON.stringify(jobs));
  const corrections = (await pixels('correct', dir, join(dir, 'correct.json'))).result;
  let version = queue.version;
  const saved = [];
  for (const [i, job] of jobs.entries()) {
    const f = new FormData();
    f.set('mask', await openAsBlob(job.out), 'mask.nii.gz');
    f.set('proposal', await openAsBlob(job.proposal), 'proposal.nii.gz');
    f.set('baseVersion', String(version));
    f.set('proposalSource', 'model');
    f.set('proposalModelId', firstId);
    f.set('secondsSpent', String(corrections[i].strokes * SECONDS_PER_STROKE));
    const body = await json(await fetch(`${api}/datasets/${datasetId}/cases/${job.caseIndex}/annotations`, { method: 'POST', body: f }));
    version = body.version.version;
    saved.push(body.annotation);
  }
  console.log(`saved ${saved.length} annotations: version ${version}; fine-tuning on it…`);

  const tuned = [];
  for (const [label, body] of FINE_TUNES) {
    const id = (await json(await post(`/models/${firstId}/fine-tune`, { datasetVersion: version, ...body }))).id;
    tuned.push({ label, model: await waitForModel(stack, id, `${label} trained`) });
  }

  const held = [];
  for (const name of split.heldOut) {
    const image = readFileSync(join(dir, 'heldout', `${name}.png`));
    const job = { name, proposals: {} };
    for (const [start, id] of [['first', firstId], ...tuned.map((t, i) => [`tuned${i}`, t.model.id])]) {
      const f = new FormData();
      f.set('image', new Blob([image]), `${name}.png`);
      const body = await json(await fetch(`${api}/models/${id}/segment?persist=false`, { method: 'POST', body: f }));
      job.proposals[start] = join(dir, `heldout-${name}-${start}.png`);
      writeFileSync(job.proposals[start], Buffer.from(body.mask.slice(body.mask.indexOf(',') + 1), 'base64'));
    }
    held.push(job);
  }
  writeFileSync(join(dir, 'score.json'), JSON.stringify(held));
  const rows = (await pixels('score', dir, join(dir, 'score.json'))).result;

  const system = await json(await fetch(`${api}/system`));
  const cpuAfter = cpuTimes();
  const steal = (cpuAfter.steal - cpuBefore.steal) / Math.max(1, cpuAfter.total - cpuBefore.total);
  const wall = (performance.now() - started) / 1000;
  const at = (n) => (n >= cap ? `≥${cap}` : n.toFixed(1).replace(/\.0$/, ''));

  console.log(`\nSimulated annotator on ${rows.length} held-out Colin27 axial slices (every 8th head slice with brain, ${split.shape.join('×')} px, never uploaded): brush dabs of radius ${radius} px at the interior-most point of the largest error region (paint for missed brain, erase for extra), until Dice ≥ ${target}; at most ${cap} strokes (a slice not reached counts as ${cap}, so a mean or median at ${cap} reads "≥${cap}").`);
  console.log(`First model: ${first.name} v${first.version}, trained on ${split.labelled.length} labelled slices (${JSON.stringify(HYPERPARAMETERS)}, the rest defaults), best validation Dice ${first.bestDice?.toFixed(3)}. Version ${version}: ${saved.length} unlabeled cases (${PICK === 'entropy' ? `the annotation queue's first by entropy` : 'spread evenly over the unlabeled slices'}) corrected from the first model's proposal and saved, so ${split.labelled.length + saved.length} labelled. Fine-tuned from it: ${tuned.map((t) => `${t.label}: v${t.model.version}, ${t.model.hyperparameters.epochs} epochs at learning rate ${t.model.hyperparameters.learningRate}, best validation Dice ${t.model.bestDice?.toFixed(3)}`).join('; ')}.\n`);
  console.log('| start point | held-out slices | median strokes | mean strokes | reached 0.95 | Dice of the proposal (mean) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const starts = [['empty', 'empty'], ['first', "first model's proposal"], ...tuned.map((t, i) => [`tuned${i}`, `${t.label} (after ${saved.length} corrected cases)`])];
  for (const [start, label] of starts) {
    const strokes = rows.map((r) => r[start].strokes);
    const reached = rows.filter((r) => r[start].reached).length;
    console.log(`| ${label} | ${rows.length} | ${at(median(strokes))} | ${at(mean(strokes))} | ${reached} / ${rows.length} | ${mean(rows.map((r) => r[start].startDice)).toFixed(3)} |`);
  }
  console.log(`\nPer held-out slice (strokes; brain voxels): ${rows.map((r) => `${r.name.replace('colin27_', '')} ${starts.map(([s]) => at(r[s].strokes)).join('/')} (${r.voxels})`).join(', ')}.`);
  const proposalDice = saved.map((a) => a.proposalDice).filter((d) => d !== null);
  console.log(`\nThe ${saved.length} saved annotations as the API reports them (GET .../annotations): median changed voxels ${median(saved.map((a) => a.changedVoxels))} of ${saved[0].totalVoxels}, proposal Dice (the first model's proposal against the saved mask) mean ${mean(proposalDice).toFixed(3)}, median ${median(proposalDice).toFixed(3)}; the simulated annotator's strokes per case median ${median(corrections.map((c) => c.strokes))}, mean ${mean(corrections.map((c) => c.strokes)).toFixed(1)}, ${corrections.filter((c) => c.reached).length} / ${corrections.length} reached ${target} within ${saveCap} (secondsSpent = ${SECONDS_PER_STROKE} s per stroke); brain voxels per case median ${median(corrections.map((c) => c.voxels))}.`);
  console.log(`\nDevice: ${system.deviceName ?? system.device} (${system.device}). Wall time ${(wall / 60).toFixed(1)} min for the whole run (stack start, upload, ${1 + tuned.length} trainings, ${CORRECTED} saves, scoring). CPU steal over the run: ${Math.round(100 * steal)} % (the share of this VM's CPU time the hypervisor gave to other guests; above a few % the times are noisy).`);
}
