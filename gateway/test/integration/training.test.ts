import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack } from './stack';
import { TINY, createModel, getModel, readSse, waitForModel } from './training.helpers';

describe('training through the gateway against the real ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let broken: DatasetBody;
  let completedId: string;
  let survivorId: string;
  let doomedId: string;

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('mixed'), 'mixed');
    broken = await uploadAndSettle(stack, archive('traversal'), 'broken');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 400 naming the field and its range for a bad hyper-parameter', async () => {
    const res = await createModel(stack, { name: 'x', datasetId: dataset.id, hyperparameters: { epochs: 5000 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('hyperparameters.epochs must be from 1 to 1000, got 5000');
    const zero = await createModel(stack, { name: 'x', datasetId: dataset.id, hyperparameters: { epochs: 0 } });
    expect(JSON.stringify(await zero.json())).toContain('epochs must be greater than 0');
    const arch = await createModel(stack, { name: 'x', datasetId: dataset.id, hyperparameters: { architecture: 'vnet' } });
    expect(JSON.stringify(await arch.json())).toContain('architecture must be one of unet, attention_unet, resunet');
  });

  it("passes the ml-service's refusal of an input size through as 400 and keeps no model row", async () => {
    const res = await createModel(stack, { name: 'odd', datasetId: dataset.id, hyperparameters: { architecture: 'unet', inputSize: 100 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'hyperparameters.input_size must be a multiple of 16 from 32 to 1024 for depth 4, got 100',
    );
    // The gateway has no rule of its own: depth 6 needs a multiple of 32, which only the ml-service knows.
    const deep = await createModel(stack, { name: 'odd', datasetId: dataset.id, hyperparameters: { depth: 6, inputSize: 48 } });
    expect(((await deep.json()) as { message: string }).message).toMatch(/multiple of 32 .* for depth 6, got 48/);
    const models = (await (await fetch(`${stack.url}/api/models`)).json()) as { total: number };
    expect(models.total).toBe(0);
  });

  it("serves the ml-service's defaults, ranges and input-size rules", async () => {
    const body = (await (await fetch(`${stack.url}/api/models/defaults`)).json()) as {
      hyperparameters: Record<string, unknown>;
      ranges: Record<string, { min: number; max: number; minExclusive: boolean; allowed: number[] }>;
      inputSizeRules: { architecture: string; depth: number | null; multiple: number }[];
    };
    expect(body.hyperparameters).toMatchObject({ epochs: 30, architecture: 'unet', inputSize: 256, depth: 4, augmentation: true });
    expect(body.ranges.epochs).toMatchObject({ min: 1, max: 1000 });
    expect(body.ranges.learningRate).toMatchObject({ min: 0, max: 1, minExclusive: true });
    expect(body.ranges.encoderDepth.allowed).toEqual([18, 34]);
    expect(body.inputSizeRules).toContainEqual({ architecture: 'unet', depth: 6, multiple: 32 });
    expect(body.inputSizeRules).toContainEqual({ architecture: 'unet', depth: 4, multiple: 16 });
    expect(body.inputSizeRules).toContainEqual({ architecture: 'resunet', depth: null, multiple: 32 });
  });

  it('answers 409 for a dataset that is not ready', async () => {
    const res = await createModel(stack, { name: 'x', datasetId: broken.id });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/train on a ready dataset/);
  });

  it('trains to completion, streaming status, epoch and completed events, and stores the model in S3', async () => {
    const res = await createModel(stack, { name: 'tiny', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 2 } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; status: string; version: number };
    expect(created.status).toBe('training');
    expect(created.version).toBe(1);
    completedId = created.id;

    const events = await readSse(`${stack.url}/api/models/${created.id}/events`);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(2);
    expect(types.at(-2)).toBe('completed');
    expect(events.at(-1)).toMatchObject({ type: 'status', data: { state: 'completed' } });
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));

    const model = await getModel(stack, created.id);
    expect(model).toMatchObject({ status: 'completed', jobState: 'completed', epochsDone: 2, error: null });
    expect(model.history!.map((h) => h.epoch)).toEqual([1, 2]);
    expect(model.bestDice).toBeGreaterThanOrEqual(0);
    expect(model.weights!.bestBytes).toBeGreaterThan(0);
    // The final metrics from the card: the best epoch's scores, one entry per class.
    expect(model.metrics).toMatchObject({ bestDice: model.bestDice, epochsRun: 2 });
    expect([1, 2]).toContain(model.metrics!.bestEpoch);
    expect(model.metrics!.perClass.map((c) => c.labelValue)).toEqual(model.classes!.labelValues);
    expect(await listKeys(stack, `models/${created.id}/`)).toEqual(
      ['best.safetensors', 'last.safetensors', 'model.json'].map((f) => `models/${created.id}/${f}`),
    );
  });

  it('replays the whole history to a late subscriber, and only what came after Last-Event-ID', async () => {
    const all = await readSse(`${stack.url}/api/models/${completedId}/events`);
    expect(all.filter((e) => e.type === 'epoch')).toHaveLength(2);
    const firstEpoch = all.find((e) => e.type === 'epoch')!;
    const rest = await readSse(`${stack.url}/api/models/${completedId}/events`, firstEpoch.id);
    expect(rest.map((e) => e.id)).toEqual(all.filter((e) => e.id > firstEpoch.id).map((e) => e.id));
  });

  it('queues a second job behind the first and cancels both', async () => {
    const first = (await (await createModel(stack, { name: 'long', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } })).json()) as { id: string };
    const second = (await (await createModel(stack, { name: 'long', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } })).json()) as { id: string };
    await waitForModel(stack, first.id, (m) => m.jobState === 'running');
    const queued = await waitForModel(stack, second.id, (m) => m.jobState === 'queued' && m.queuePosition === 1);
    expect(queued.version).toBe(2);

    expect((await fetch(`${stack.url}/api/models/${second.id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${stack.url}/api/models/${first.id}/cancel`, { method: 'POST' })).status).toBe(200);
    for (const id of [first.id, second.id]) {
      const model = await waitForModel(stack, id, (m) => m.status !== 'training', 30_000);
      expect(model).toMatchObject({ status: 'failed', jobState: 'cancelled', error: 'cancelled' });
      // No weights: only the run record a resync restores the run from.
      expect(await listKeys(stack, `models/${id}/`)).toEqual([`models/${id}/run.json`]);
    }
  });

  it('refuses to delete a dataset that has a trained model', async () => {
    const res = await fetch(`${stack.url}/api/datasets/${dataset.id}`, { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/model.*trained on it/);
    // Refused means untouched: the dataset is still whole in S3.
    expect((await listKeys(stack, `datasets/${dataset.id}/`)).length).toBeGreaterThan(2);
  });

  it('rebuilds completed models from their S3 cards after the database is deleted', async () => {
    const before = await getModel(stack, completedId);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    const after = await waitForModel(stack, completedId, (m) => m.status === 'completed', 30_000);
    expect(after.history!.map((h) => h.epoch)).toEqual(before.history!.map((h) => h.epoch));
    expect(after.history!.map((h) => h.valDice)).toEqual(before.history!.map((h) => h.valDice));
    expect(after.bestDice).toBeCloseTo(before.bestDice!, 6);
    expect(after.weights).toEqual(before.weights);
    expect(after.metrics).toEqual(before.metrics);
    expect(after.name).toBe(before.name);
  });

  it('re-attaches to a job still running when the gateway restarts', async () => {
    const res = await createModel(stack, { name: 'survivor', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    const running = await waitForModel(stack, id, (m) => m.epochsDone >= 1);
    await stack.restartGateway();
    // Epochs keep arriving through the new gateway's watch stream.
    await waitForModel(stack, id, (m) => m.epochsDone > running.epochsDone + 1, 60_000);
    expect((await fetch(`${stack.url}/api/models/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    const cancelled = await waitForModel(stack, id, (m) => m.status !== 'training', 30_000);
    expect(cancelled).toMatchObject({ status: 'failed', jobState: 'cancelled', error: 'cancelled' });
    survivorId = id;
  });

  it('turns a running model failed with the reason when the ml-service restarts mid-job', async () => {
    const res = await createModel(stack, { name: 'doomed', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    await waitForModel(stack, id, (m) => m.jobState === 'running');
    await stack.ml.stop();
    await stack.restartMl();
    const model = await waitForModel(stack, id, (m) => m.status !== 'training', 60_000);
    expect(model.status).toBe('failed');
    expect(model.error).toMatch(/ml-service/);
    doomedId = id;
  });

  it('rebuilds failed and cancelled runs with their curves and reason from run.json after the database is deleted', async () => {
    const before = await Promise.all([survivorId, doomedId].map((id) => getModel(stack, id)));
    expect(before[0].history!.length).toBeGreaterThanOrEqual(2);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh-again.db') });
    for (const was of before) {
      const after = await waitForModel(stack, was.id, (m) => m.id === was.id, 30_000);
      expect(after).toMatchObject({ status: 'failed', jobState: was.jobState, error: was.error, name: was.name, version: was.version });
      expect(after.history).toEqual(was.history);
      expect(after.hyperparameters).toEqual(was.hyperparameters);
    }
    const events = await readSse(`${stack.url}/api/models/${survivorId}/events`);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(before[0].history!.length);
    expect(events.at(-1)).toMatchObject({ type: 'status', data: { state: 'cancelled' } });
  });

  it('deletes a finished model from S3 and SQLite', async () => {
    expect((await fetch(`${stack.url}/api/models/${completedId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `models/${completedId}/`)).toEqual([]);
    expect((await fetch(`${stack.url}/api/models/${completedId}`)).status).toBe(404);
  });
});
