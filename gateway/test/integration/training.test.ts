import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { TINY, createModel, expectJobStream, expectReplayAfter, getModel, jobEvents, readSse, waitForModel } from './training.helpers';

describe('training through the gateway against the real ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let broken: DatasetBody;
  let completedId: string;
  let cancelledId: string;

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
    const models = (await (await stack.fetch(`${stack.url}/api/models`)).json()) as { total: number };
    expect(models.total).toBe(0);
  });

  it("serves the ml-service's defaults, ranges and input-size rules", async () => {
    const body = (await (await stack.fetch(`${stack.url}/api/models/defaults`)).json()) as {
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

    const events = await readSse(stack, `${stack.url}/api/models/${created.id}/events`);
    expectJobStream(events, 'completed');
    expect(events[0].data).toMatchObject({ id: created.id, name: 'tiny' });
    const types = jobEvents(events).map((e) => e.data.type);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(2);
    expect(types.at(-2)).toBe('completed');

    const model = await getModel(stack, created.id);
    expect(model).toMatchObject({ status: 'completed', jobState: 'completed', epochsDone: 2, error: null, reason: null, stoppedEarly: false });
    expect(model.history!.map((h) => h.epoch)).toEqual([1, 2]);
    expect(model.bestDice).toBeGreaterThanOrEqual(0);
    expect(model.weights!.bestBytes).toBeGreaterThan(0);
    // The final metrics from the card: the best epoch's scores, one entry per class.
    expect(model.metrics).toMatchObject({ bestDice: model.bestDice, epochsRun: 2 });
    expect([1, 2]).toContain(model.metrics!.bestEpoch);
    expect(model.metrics!.perClass.map((c) => c.labelValue)).toEqual(model.classes!.labelValues);
    // The card records what post-processing validation chose, possibly none, and why.
    expect(model.postProcessing).toMatchObject({ largestComponentClasses: expect.any(Array), note: expect.any(String) });
    expect(await listKeys(stack, `models/${created.id}/`)).toEqual(
      ['best.safetensors', 'last.safetensors', 'model.json'].map((f) => `models/${created.id}/${f}`),
    );
  });

  it('replays the whole history to a late subscriber, and only what came after Last-Event-ID', async () => {
    const url = `${stack.url}/api/models/${completedId}/events`;
    const all = await readSse(stack, url);
    expectJobStream(all, 'completed');
    expect(all[0].data).toMatchObject({ id: completedId, status: 'completed' });
    expect(jobEvents(all).filter((e) => e.data.type === 'epoch')).toHaveLength(2);
    // Step events are live only: a late subscriber gets the stored ones.
    expect(jobEvents(all).every((e) => ['status', 'epoch', 'completed'].includes(e.data.type as string))).toBe(true);
    await expectReplayAfter(stack, url, all);
  });

  it('queues a second job behind the first; a cancel before the first epoch keeps nothing, after it the best epoch', async () => {
    const first = (await (await createModel(stack, { name: 'long', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } })).json()) as { id: string };
    const second = (await (await createModel(stack, { name: 'long', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } })).json()) as { id: string };
    await waitForModel(stack, first.id, (m) => m.jobState === 'running');
    const queued = await waitForModel(stack, second.id, (m) => m.jobState === 'queued' && m.queuePosition === 1);
    expect(queued.version).toBe(2);

    expect((await stack.fetch(`${stack.url}/api/models/${second.id}/cancel`, { method: 'POST' })).status).toBe(200);
    const cancelled = await waitForModel(stack, second.id, (m) => m.status !== 'training', 30_000);
    expect(cancelled).toMatchObject({ status: 'failed', jobState: 'cancelled', error: 'cancelled', reason: 'cancelled_by_user', stoppedEarly: false });
    // No weights: only the run record a resync restores the run from.
    expect(await listKeys(stack, `models/${second.id}/`)).toEqual([`models/${second.id}/run.json`]);
    cancelledId = second.id;

    await waitForModel(stack, first.id, (m) => m.epochsDone >= 1);
    expect((await stack.fetch(`${stack.url}/api/models/${first.id}/cancel`, { method: 'POST' })).status).toBe(200);
    const stopped = await waitForModel(stack, first.id, (m) => m.status !== 'training', 30_000);
    expect(stopped).toMatchObject({ status: 'completed', jobState: 'completed', error: null, reason: 'stopped_early', stoppedEarly: true });
    expect(await listKeys(stack, `models/${first.id}/`)).toEqual(
      ['best.safetensors', 'last.safetensors', 'model.json'].map((f) => `models/${first.id}/${f}`),
    );
    const events = await readSse(stack, `${stack.url}/api/models/${first.id}/events`);
    expectJobStream(events, 'completed');
    expect(jobEvents(events).find((e) => e.data.type === 'completed')!.data).toMatchObject({ completed: { stoppedEarly: true } });
  });

  it('refuses to delete a dataset that has a trained model', async () => {
    const res = await stack.fetch(`${stack.url}/api/datasets/${dataset.id}`, { method: 'DELETE' });
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
    expect(after.postProcessing).toEqual(before.postProcessing);
    expect(after.name).toBe(before.name);
  });

  it('re-attaches to a job still running when the gateway restarts', async () => {
    const res = await createModel(stack, { name: 'survivor', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    const running = await waitForModel(stack, id, (m) => m.epochsDone >= 1);
    await stack.restartGateway();
    // Epochs keep arriving through the new gateway's watch stream.
    await waitForModel(stack, id, (m) => m.epochsDone > running.epochsDone + 1, 60_000);
    expect((await stack.fetch(`${stack.url}/api/models/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    const stopped = await waitForModel(stack, id, (m) => m.status !== 'training', 30_000);
    expect(stopped).toMatchObject({ status: 'completed', reason: 'stopped_early' });
    // Nothing lost or repeated across the restart: one epoch event per epoch, in order.
    const epochs = jobEvents(await readSse(stack, `${stack.url}/api/models/${id}/events`)).filter((e) => e.data.type === 'epoch');
    expect(epochs.map((e) => (e.data.epoch as { epoch: number }).epoch)).toEqual(stopped.history!.map((h) => h.epoch));
  });

  it('resumes a training from its last epoch checkpoint when the ml-service restarts mid-job', async () => {
    const res = await createModel(stack, { name: 'resumed', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    const before = await waitForModel(stack, id, (m) => m.epochsDone >= 2);
    await stack.ml.stop();
    await stack.restartMl();
    // Epochs continue after the checkpoint instead of starting again from 1.
    const after = await waitForModel(stack, id, (m) => m.epochsDone > before.epochsDone + 1, 90_000);
    expect(after.status).toBe('training');
    const epochs = after.history!.map((h) => h.epoch);
    expect(epochs).toEqual(epochs.map((_, i) => i + 1));
    expect((await stack.fetch(`${stack.url}/api/models/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    await waitForModel(stack, id, (m) => m.status !== 'training', 30_000);
    const events = await readSse(stack, `${stack.url}/api/models/${id}/events`);
    expectJobStream(events, 'completed');
  });

  it('cancels on the ml-service a training the gateway no longer knows, and keeps nothing of it', async () => {
    const res = await createModel(stack, { name: 'orphan', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    await waitForModel(stack, id, (m) => m.epochsDone >= 1);
    // A database without the row: the job runs on, followed by nobody.
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'orphan.db') });
    expect((await stack.fetch(`${stack.url}/api/models/${id}`)).status).toBe(404);
    await waitUntil(async () => (await stack.fetch(`${stack.url}/api/datasets/${dataset.id}`)).status === 200, 30_000);
    // The training queue is free again: a new job runs instead of waiting behind the orphan.
    const next = (await (await createModel(stack, { name: 'next', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } })).json()) as { id: string };
    await waitForModel(stack, next.id, (m) => m.jobState === 'running', 60_000);
    // Its stopped-early cancel wrote a model; the gateway removed it again.
    await waitUntil(async () => (await listKeys(stack, `models/${id}/`)).length === 0, 30_000);
    expect((await stack.fetch(`${stack.url}/api/models/${next.id}/cancel`, { method: 'POST' })).status).toBe(200);
    await waitForModel(stack, next.id, (m) => m.status !== 'training', 30_000);
  });

  it('answers 409 to an upload retry of a model whose upload did not fail', async () => {
    const res = await stack.fetch(`${stack.url}/api/models/${completedId}/retry-upload`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/only a model whose upload failed can retry it/);
  });

  it('rebuilds a cancelled run with its reason and events from run.json after the database is deleted', async () => {
    const before = await getModel(stack, cancelledId);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh-again.db') });
    const after = await waitForModel(stack, cancelledId, (m) => m.id === cancelledId, 30_000);
    expect(after).toMatchObject({ status: 'failed', jobState: 'cancelled', reason: 'cancelled_by_user', error: before.error, name: before.name, version: before.version });
    expect(after.history).toEqual(before.history);
    expect(after.hyperparameters).toEqual(before.hyperparameters);
    const events = await readSse(stack, `${stack.url}/api/models/${cancelledId}/events`);
    expectJobStream(events, 'cancelled');
    expect(jobEvents(events).at(-1)!.data).toMatchObject({ type: 'status', status: { state: 'cancelled', reason: 'cancelled_by_user' } });
  });

  it('deletes a finished model from S3 and SQLite', async () => {
    expect((await stack.fetch(`${stack.url}/api/models/${completedId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `models/${completedId}/`)).toEqual([]);
    expect((await stack.fetch(`${stack.url}/api/models/${completedId}`)).status).toBe(404);
  });
});
