// See scripts/bench/quality. Prints one markdown table from one run, then the settings each run trained with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { json, runBench, uploadSample } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const { values: args } = parseArgs({
  options: { epochs: { type: 'string' }, 'aal-epochs': { type: 'string' }, 'skip-aal': { type: 'boolean', default: false }, 'skip-old': { type: 'boolean', default: false } },
});
const whole = (name) => {
  if (args[name] === undefined) return null;
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of epochs, got ${args[name]}`);
  return n;
};
const brainEpochs = whole('epochs');
const aalEpochs = whole('aal-epochs');

// The recipe as it was before the "Auto" defaults (ml-service Hyperparameters at 152af91), sent field by
// field: a field left out takes the dataset's Auto value (depth 5 for the brain sample, not 4).
const OLD_DEFAULTS = {
  architecture: 'unet', epochs: 30, learningRate: 1e-3, batchSize: 8, inputSize: 256, optimizer: 'adam',
  loss: 'dice_ce', augmentation: true, augmentationPreset: 'light', lrSchedule: 'cosine',
  depth: 4, baseChannels: 16, validationFraction: 0.2, seed: 42, dropout: 0, earlyStoppingPatience: 0,
};
const RECIPES = [
  { key: 'old', title: 'old defaults', hyperparameters: (epochs) => ({ ...OLD_DEFAULTS, ...(epochs ? { epochs } : {}) }) },
  // Auto: only what the user must send, i.e. nothing (an epochs override for a quick check).
  { key: 'auto', title: 'Auto (nothing sent)', hyperparameters: (epochs) => (epochs ? { epochs } : {}) },
].filter((r) => !(args['skip-old'] && r.key === 'old'));
// Columns of the table: each recipe, then the Auto model again, predicted with test-time mirroring.
const MIRRORED = { key: 'auto-mirrored', title: 'Auto, test-time mirroring (same model)', of: 'auto' };
const COLUMNS = [...RECIPES, MIRRORED];
const NEW_FIELDS = ['augmentationPreset', 'lrSchedule', 'earlyStoppingPatience'];

const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-quality-'));
const notes = [];

function python(args) {
  const run = spawnSync(services.PYTHON, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

async function poll(what, check, { intervalMs = 2000, timeoutMs = 24 * 3600_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await check();
    if (done) return done;
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${timeoutMs / 1000} s`);
    await services.sleep(intervalMs);
  }
}

/** Uploads a ZIP from this bench's temp dir and waits until the dataset is ready. */
async function uploadZip({ api, fetch }, path) {
  const form = new FormData();
  form.set('name', basename(path, '.zip'));
  form.set('archive', await openAsBlob(path), basename(path));
  const { id } = await json(await fetch(`${api}/datasets`, { method: 'POST', body: form }));
  return poll(`dataset ${basename(path)}`, async () => {
    const dataset = await json(await fetch(`${api}/datasets/${id}`));
    if (dataset.status === 'error') throw new Error(`dataset ${basename(path)}: ${dataset.error ?? JSON.stringify(dataset)}`);
    return dataset.status === 'ready' && dataset;
  }, { intervalMs: 500, timeoutMs: 300_000 });
}

/**
 * POSTs a training and waits for the model to complete. A 400 that names one of the fields still
 * being added (NEW_FIELDS) is noted and the POST repeated without that field.
 * Returns the model row and the seconds from POST to completed as the polling client saw it.
 */
async function train({ api, fetch }, label, datasetId, sent) {
  const hyperparameters = { ...sent };
  let res;
  const posted = performance.now();
  for (;;) {
    res = await fetch(`${api}/models`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `quality ${label}`, datasetId, hyperparameters }),
    });
    if (res.status !== 400) break;
    const text = await res.text();
    let message = text;
    try {
      message = [JSON.parse(text).message].flat().join('; ');
    } catch {
      // not JSON: keep the text
    }
    const refused = NEW_FIELDS.filter((f) => f in hyperparameters && message.includes(f));
    if (!refused.length) throw new Error(`${label}: 400 ${message}`);
    notes.push(`${label}: POST /api/models refused ${refused.join(', ')} (400 "${message}"); sent again without, so it trained on the service's defaults for them`);
    for (const f of refused) delete hyperparameters[f];
  }
  const { id } = await json(res);
  let shown = 0;
  const model = await poll(`training ${label}`, async () => {
    const row = await json(await fetch(`${api}/models/${id}`));
    for (const e of row.history.slice(shown)) {
      console.log(`  ${label} epoch ${e.epoch}/${e.epochs}: loss ${e.trainLoss.toFixed(3)}, val Dice ${e.valDice?.toFixed(3) ?? 'none'}, ${e.samplesPerSecond.toFixed(1)} samples/s`);
    }
    shown = row.history.length;
    if (row.status === 'failed') throw new Error(`training ${label} failed: ${row.error}`);
    return row.status === 'completed' && row;
  });
  const wallSeconds = (performance.now() - posted) / 1000;
  for (const [f, value] of Object.entries(hyperparameters)) {
    if (model.hyperparameters[f] !== value) notes.push(`${label}: sent ${f} ${JSON.stringify(value)}, the model row says ${JSON.stringify(model.hyperparameters[f])}`);
  }
  return { model, wallSeconds };
}

/** Evaluates a model on every pair of a dataset through POST /api/models/:id/evaluations; returns its images. */
async function evaluate({ api, fetch }, label, modelId, datasetId, { subset = 'all', testTimeMirroring = false } = {}) {
  const { id } = await json(await fetch(`${api}/models/${modelId}/evaluations`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ datasetId, subset, testTimeMirroring }),
  }));
  await poll(`evaluation ${label}`, async () => {
    const evaluation = await json(await fetch(`${api}/evaluations/${id}`));
    if (['failed', 'cancelled'].includes(evaluation.state)) throw new Error(`evaluation ${label} ${evaluation.state}: ${evaluation.error}`);
    return evaluation.state === 'completed';
  }, { intervalMs: 1000 });
  const images = await json(await fetch(`${api}/evaluations/${id}/images`));
  const failed = images.filter((i) => i.error);
  if (failed.length) notes.push(`${label}: ${failed.length} images not scored, e.g. ${failed[0].name}: ${failed[0].error}`);
  return images.filter((i) => !i.error).map((i) => ({ name: basename(i.name).replace(/\.[^.]+$/, ''), dice: i.dice }));
}

/**
 * Per-slice Dice under the platform's rule (metrics/overlap.py): null where truth and prediction are
 * both empty (left out of the mean), 0 for a false positive on a slice without brain.
 */
function sliceStats(images, noBrain) {
  const scored = images.filter((i) => i.dice !== null);
  const values = scored.map((i) => i.dice).sort((a, b) => a - b);
  const mid = values.length / 2;
  const lowest = (xs) => xs.reduce((a, b) => (b.dice < a.dice ? b : a), xs[0]);
  const empty = new Set(noBrain);
  const emptyImages = images.filter((i) => empty.has(i.name));
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    median: values.length % 2 ? values[Math.floor(mid)] : (values[mid - 1] + values[mid]) / 2,
    min: lowest(scored),
    minWithBrain: lowest(scored.filter((i) => !empty.has(i.name))),
    scored: values.length,
    total: images.length,
    falsePositives: emptyImages.filter((i) => i.dice !== null).length,
    empty: emptyImages.length,
  };
}

/** `run` with its model's Dice on the held-out block (by evaluation, post-processed), sagittal and all-axial slices. */
async function scored(stack, label, run, testTimeMirroring) {
  const options = { testTimeMirroring };
  const id = run.model.id;
  run.validation = sliceStats(await evaluate(stack, `${label} on validation`, id, run.model.datasetId, { ...options, subset: 'validation' }), []);
  run.sagittal = sliceStats(await evaluate(stack, `${label} on sagittal`, id, sagittalId, options), extra.sagittal.noBrain);
  run.axialAll = sliceStats(await evaluate(stack, `${label} on axial-all`, id, axialAllId, options), extra.axialAll.noBrain);
  return run;
}
let extra;
let sagittalId;
let axialAllId;

runBench(dir, async (stack) => {
  extra = JSON.parse(python([join(services.ROOT, 'scripts/bench/quality-data.py'), dir]).trim().split('\n').pop());
  const brainMask = await uploadSample(stack, 'brain-mask.zip');
  const sagittal = await uploadZip(stack, join(dir, 'sagittal.zip'));
  const axialAll = await uploadZip(stack, join(dir, 'axial-all.zip'));
  [sagittalId, axialAllId] = [sagittal.id, axialAll.id];
  console.log(`datasets: brain-mask ${brainMask.pairCount ?? ''} pairs, sagittal ${extra.sagittal.pairs} (${extra.sagittal.noBrain.length} without brain), axial-all ${extra.axialAll.pairs} (${extra.axialAll.noBrain.length} without brain)`);

  const autoChoices = {};
  const askAuto = async (name, dataset) => {
    const answer = await json(await stack.fetch(`${stack.api}/training/defaults?datasetId=${dataset.id}`));
    autoChoices[name] = answer.autoDefaults ? answer : null;
  };
  await askAuto('brain-mask', brainMask);

  const runs = {};
  for (const recipe of RECIPES) {
    const label = `brain ${recipe.key}`;
    const sent = recipe.hyperparameters(brainEpochs);
    console.log(`training ${label}: sending ${JSON.stringify(sent)}`);
    const run = { sent, ...(await train(stack, label, brainMask.id, sent)) };
    runs[label] = await scored(stack, label, run, false);
  }
  runs[`brain ${MIRRORED.key}`] = await scored(stack, `brain ${MIRRORED.key}`, { ...runs[`brain ${MIRRORED.of}`] }, true);
  if (!args['skip-aal']) {
    const aal = await uploadSample(stack, 'brain-aal.zip');
    await askAuto('brain-aal', aal);
    for (const recipe of RECIPES) {
      const label = `aal ${recipe.key}`;
      const sent = recipe.hyperparameters(aalEpochs);
      console.log(`training ${label}: sending ${JSON.stringify(sent)}`);
      runs[label] = { sent, ...(await train(stack, label, aal.id, sent)) };
    }
  }

  const f = (x, digits = 4) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));
  const cells = (fn) => COLUMNS.map((c) => fn(c.key)).join(' | ');
  const brain = (key) => runs[`brain ${key}`];
  // The mirrored column is the Auto model predicted otherwise: its training facts are Auto's.
  const aal = (key) => runs[`aal ${key === MIRRORED.key ? MIRRORED.of : key}`];
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rate = (run) => (run ? f(mean(run.model.history.map((e) => e.samplesPerSecond)), 1) : 'skipped');
  const wall = (run) => (run ? `${(run.wallSeconds / 60).toFixed(1)} min (${run.model.history.length} epoch${run.model.history.length === 1 ? '' : 's'})` : 'skipped');
  const split = brain('auto').model.split;

  console.log(`\n| brain mask (Colin27 T1) | ${COLUMNS.map((r) => r.title).join(' | ')} |`);
  console.log(`| --- |${COLUMNS.map(() => ' ---: |').join('')}`);
  console.log(`| validation Dice, best epoch, held-out axial block (${split?.valCount} slices, ${split?.method}) | ${cells((k) => `${f(brain(k).model.bestDice)} (epoch ${brain(k).model.metrics?.bestEpoch})`)} |`);
  console.log(`| the same block by evaluation, post-processed: mean / median over slices | ${cells((k) => `${f(brain(k).validation.mean)} / ${f(brain(k).validation.median)}`)} |`);
  console.log(`| sagittal Dice, mean over slices (${extra.sagittal.pairs} slices with head) | ${cells((k) => f(brain(k).sagittal.mean))} |`);
  const worst = (i) => `${f(i.dice)} (${i.name.replace('colin27_', '')})`;
  console.log(`| sagittal Dice, worst slice; worst slice with brain | ${cells((k) => `${worst(brain(k).sagittal.min)}; ${worst(brain(k).sagittal.minWithBrain)}`)} |`);
  console.log(`| all-slice axial Dice, mean (all ${extra.axialAll.pairs} z) | ${cells((k) => f(brain(k).axialAll.mean))} |`);
  console.log(`| all-slice axial Dice, median | ${cells((k) => f(brain(k).axialAll.median))} |`);
  console.log(`| slices without brain given a false positive (Dice 0, counted): axial / sagittal | ${cells((k) => `${brain(k).axialAll.falsePositives}/${brain(k).axialAll.empty} / ${brain(k).sagittal.falsePositives}/${brain(k).sagittal.empty}`)} |`);
  console.log(`| AAL mean foreground Dice, best epoch, held-out axial block (116 regions) | ${cells((k) => (aal(k) ? `${f(aal(k).model.bestDice)} (epoch ${aal(k).model.metrics?.bestEpoch})` : 'skipped'))} |`);
  console.log(`| training samples/s, mean over epochs: brain / AAL | ${cells((k) => `${rate(brain(k))} / ${rate(aal(k))}`)} |`);
  console.log(`| training wall time, POST to completed: brain | ${cells((k) => wall(brain(k)))} |`);
  console.log(`| training wall time, POST to completed: AAL | ${cells((k) => wall(aal(k)))} |`);

  console.log('\nPer-slice Dice follows metrics/overlap.py: a slice whose truth and prediction are both empty has no value and is');
  console.log('left out of the means (not counted as 1.0); brain predicted on a slice without brain scores 0 and is counted.');
  console.log(`Scored slices: ${cells((k) => `axial ${brain(k).axialAll.scored}/${brain(k).axialAll.total}, sagittal ${brain(k).sagittal.scored}/${brain(k).sagittal.total}`)} (${COLUMNS.map((r) => r.key).join(' | ')}).`);
  console.log('\nTrained with (GET /api/models/:id hyperparameters):');
  for (const [label, run] of Object.entries(runs)) {
    if (label.endsWith(MIRRORED.key)) continue;
    console.log(`- ${label}: sent ${JSON.stringify(run.sent)}\n  trained ${JSON.stringify(run.model.hyperparameters)}`);
  }
  console.log('\nAuto for each dataset (GET /api/training/defaults?datasetId=):');
  for (const [name, answer] of Object.entries(autoChoices)) {
    if (!answer) {
      console.log(`- ${name}: none (the answer has no autoDefaults)`);
      continue;
    }
    console.log(`- ${name}: ${JSON.stringify(answer.autoDefaults)}`);
    for (const choice of answer.autoChoices ?? []) console.log(`  - ${choice.field}: ${choice.reason}`);
  }
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}`);
});
