import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type EvaluationBody, TERMINAL, getJson, postJson, startLongTraining, trainTiny, waitForJob } from './jobs.helpers';
import { type Stack, startStack } from './stack';
import { makeVolumeArchive } from './volume-archives';
import { expectJobStream, expectReplayAfter, getModel, jobEvents, readSse, waitForModel } from './training.helpers';

interface ImageBody {
  position: number;
  pairIndex: number;
  name: string;
  width: number;
  height: number;
  dice: number | null;
  perClass: { classIndex: number; labelValue: number; dice: number | null }[];
  kind: string;
  shape: number[];
  distanceUnit: string;
  error: string | null;
}

interface BatchCompareBody {
  datasetId: string;
  evaluations: EvaluationBody[];
  evaluationIds: string[];
  refused: { modelId: string; reason: string }[];
}

describe('evaluation jobs through the gateway against the real ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let other: DatasetBody;
  let rgb: DatasetBody;
  let broken: DatasetBody;
  let modelId: string;
  let validationId: string;

  const evaluate = (body: Record<string, unknown>, model = modelId) => postJson(stack, `${stack.url}/api/models/${model}/evaluations`, body);
  const message = async (res: Response) => ((await res.json()) as { message: string | string[] }).message.toString();

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('png_8bit'), 'png');
    other = await uploadAndSettle(stack, archive('jpeg'), 'other');
    rgb = await uploadAndSettle(stack, archive('png_rgb'), 'rgb');
    broken = await uploadAndSettle(stack, archive('traversal'), 'broken');
    modelId = await trainTiny(stack, dataset);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 409 for a model that is still training', async () => {
    const training = await startLongTraining(stack, dataset);
    const res = await evaluate({}, training);
    expect(res.status).toBe(409);
    expect(await message(res)).toMatch(/still training; evaluate a completed model/);
    await stack.fetch(`${stack.url}/api/models/${training}/cancel`, { method: 'POST' });
    await waitForModel(stack, training, (m) => m.status !== 'training');
  });

  it('answers 400 or 409 for a subset, dataset or labels that do not fit the model', async () => {
    const validationElsewhere = await evaluate({ datasetId: other.id, subset: 'validation' });
    expect(validationElsewhere.status).toBe(400);
    expect(await message(validationElsewhere)).toMatch(/use subset all/);

    const labels = await evaluate({ datasetId: rgb.id });
    expect(labels.status).toBe(400);
    expect(await message(labels)).toMatch(/label values 2 that model tiny does not know \(its classes are label values 0, 1\)/);

    const notReady = await evaluate({ datasetId: broken.id });
    expect(notReady.status).toBe(409);
    expect(await message(notReady)).toMatch(/in error/);

    const badSubset = await evaluate({ subset: 'train' });
    expect(badSubset.status).toBe(400);
    expect(await message(badSubset)).toContain('subset must be one of validation, all');
  });

  it("evaluates the model's validation split, streaming a snapshot then job events until completed", async () => {
    const res = await evaluate({});
    expect(res.status).toBe(202);
    const created = (await res.json()) as EvaluationBody;
    expect(created).toMatchObject({ modelId, modelName: 'tiny', datasetId: dataset.id, datasetName: 'png', subset: 'validation', error: null, finishedAt: null });
    expect(['queued', 'running']).toContain(created.state);
    validationId = created.id;

    const url = `${stack.url}/api/evaluations/${created.id}/events`;
    const events = await readSse(stack, url);
    expectJobStream(events, 'completed');
    expect(events[0].data).toMatchObject({ id: created.id, subset: 'validation' });
    const statuses = jobEvents(events).filter((e) => e.data.type === 'status');
    expect(statuses.slice(0, -1).every((e) => !TERMINAL.includes((e.data.status as { state: string }).state))).toBe(true);

    const model = await getModel(stack, modelId);
    const evaluation = await getJson<EvaluationBody>(stack, `${stack.url}/api/evaluations/${created.id}`);
    expect(evaluation.id).toBe(created.id);
    await expectReplayAfter(stack, url, events);
    expect(evaluation).toMatchObject({ state: 'completed', imageCount: model.split!.valCount, failedCount: 0, queuePosition: 0 });
    expect(evaluation.finishedAt).not.toBeNull();
    // The finished job keeps its final progress: how long it took and how fast it went.
    expect(evaluation.progress).toMatchObject({ done: evaluation.imageCount, total: evaluation.imageCount, etaSeconds: 0 });
    expect(evaluation.progress!.elapsedSeconds).toBeGreaterThan(0);
    expect(evaluation.progress!.imagesPerSecond).toBeGreaterThan(0);
    expect(evaluation.aggregate!.dice.count).toBeLessThanOrEqual(evaluation.imageCount);
    expect(evaluation.aggregate!.perClass.map((c) => [c.classIndex, c.labelValue])).toEqual([[1, 1]]);

    const images = await getJson<ImageBody[]>(stack, `${stack.url}/api/evaluations/${created.id}/images`);
    expect(images).toHaveLength(model.split!.valCount);
    expect(images[0]).toMatchObject({ width: 35, height: 33, error: null, kind: 'image', shape: [33, 35], distanceUnit: 'px' });
    expect(images[0].perClass[0]).toMatchObject({ classIndex: 1, labelValue: 1 });
    const dice = images.map((i) => i.dice).filter((d): d is number => d !== null);
    expect(dice).toEqual([...dice].sort((a, b) => a - b));

    const report = await stack.fetch(`${stack.url}/api/evaluations/${created.id}/report`);
    expect(report.headers.get('content-type')).toMatch(/application\/json/);
    const json = (await report.json()) as { format: string; evaluation_id: string; subset: string; images: unknown[] };
    expect(json).toMatchObject({ format: 'medseg-evaluation-v2', evaluation_id: created.id, subset: 'validation' });
    expect(json.images).toHaveLength(images.length);
    expect(await listKeys(stack, `models/${modelId}/evaluations/`)).toEqual([`models/${modelId}/evaluations/${created.id}.json`]);
  });

  it('evaluates every pair with subset all (here with test-time mirroring), and another dataset with all by default', async () => {
    const all = (await (await evaluate({ subset: 'all', testTimeMirroring: true })).json()) as EvaluationBody;
    const elsewhere = (await (await evaluate({ datasetId: other.id })).json()) as EvaluationBody;
    expect(elsewhere).toMatchObject({ subset: 'all', datasetId: other.id, datasetName: 'other' });
    const doneAll = await waitForJob<EvaluationBody>(stack, `${stack.url}/api/evaluations/${all.id}`);
    const doneElsewhere = await waitForJob<EvaluationBody>(stack, `${stack.url}/api/evaluations/${elsewhere.id}`);
    expect(doneAll).toMatchObject({ state: 'completed', subset: 'all', imageCount: dataset.pairCount, testTimeMirroring: true });
    expect(doneElsewhere).toMatchObject({ state: 'completed', imageCount: other.pairCount, testTimeMirroring: false });
    const report = await getJson<{ test_time_mirroring: boolean }>(stack, `${stack.url}/api/evaluations/${all.id}/report`);
    expect(report.test_time_mirroring).toBe(true);
    expect(await getJson<unknown[]>(stack, `${stack.url}/api/evaluations/${all.id}/images`)).toHaveLength(dataset.pairCount);

    // A late subscriber gets the final DTO, then the stored events, and the stream ends.
    const late = await readSse(stack, `${stack.url}/api/evaluations/${all.id}/events`, undefined, 10_000);
    expect(late[0]).toMatchObject({ type: 'snapshot', data: doneAll });
    expectJobStream(late, 'completed');

    const list = await getJson<EvaluationBody[]>(stack, `${stack.url}/api/models/${modelId}/evaluations`);
    expect(list.map((e) => e.id)).toEqual([elsewhere.id, all.id, validationId]);
  });

  it('refuses to cancel a finished evaluation and answers 404 for an unknown one', async () => {
    const res = await stack.fetch(`${stack.url}/api/evaluations/${validationId}/cancel`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect((await stack.fetch(`${stack.url}/api/evaluations/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await stack.fetch(`${stack.url}/api/evaluations/not-a-uuid`)).status).toBe(400);
  });

  it('evaluates several models on one dataset with batch-compare, refusing per model with the reason', async () => {
    const compare = (body: Record<string, unknown>) => postJson(stack, `${stack.url}/api/evaluations/batch-compare`, body);
    const training = await startLongTraining(stack, dataset);
    const res = await compare({ modelIds: [modelId, training], datasetId: other.id, surfaceToleranceMm: 2.5 });
    expect(res.status).toBe(202);
    const started = (await res.json()) as BatchCompareBody;
    expect(started.datasetId).toBe(other.id);
    expect(started.evaluations.map((e) => [e.modelId, e.datasetId, e.subset])).toEqual([[modelId, other.id, 'all']]);
    expect(started.evaluationIds).toEqual([started.evaluations[0].id]);
    expect(started.refused).toEqual([{ modelId: training, reason: expect.stringMatching(/still training/) }]);
    await stack.fetch(`${stack.url}/api/models/${training}/cancel`, { method: 'POST' });
    await waitForModel(stack, training, (m) => m.status !== 'training');
    const done = await waitForJob<EvaluationBody>(stack, `${stack.url}/api/evaluations/${started.evaluationIds[0]}`);
    expect(done).toMatchObject({ state: 'completed', imageCount: other.pairCount });
    expect(done.aggregate).toMatchObject({ surfaceTolerance: 2.5, distanceUnit: 'px' });

    const none = await compare({ modelIds: [modelId], datasetId: rgb.id });
    expect(none.status).toBe(400);
    expect(await message(none)).toMatch(/None of the models can be evaluated on dataset rgb: .*label values 2 that model tiny does not know/);

    const empty = await compare({ modelIds: [], datasetId: other.id });
    expect(empty.status).toBe(400);
    expect(await message(empty)).toContain('modelIds must name at least one model');
    const tolerance = await compare({ modelIds: [modelId], datasetId: other.id, surfaceToleranceMm: -1 });
    expect(tolerance.status).toBe(400);
    expect(await message(tolerance)).toContain('surfaceToleranceMm must be a number of millimetres from 0 to 1000');
    const missing = await compare({ modelIds: [modelId], datasetId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
  });

  it('evaluates a case of a volume dataset as a whole volume in millimetres', async () => {
    const volumes = await uploadAndSettle(stack, makeVolumeArchive(mkdtempSync(join(tmpdir(), 'medseg-volumes-')), 'images-masks'), 'volumes');
    const volumeModel = await trainTiny(stack, volumes, 'tiny-volumes');
    const res = await evaluate({ subset: 'all', surfaceToleranceMm: 2 }, volumeModel);
    expect(res.status).toBe(202);
    const done = await waitForJob<EvaluationBody>(stack, `${stack.url}/api/evaluations/${((await res.json()) as EvaluationBody).id}`);
    // Its 12 slices are one item, predicted and scored as one volume.
    expect(done).toMatchObject({ state: 'completed', imageCount: 1, failedCount: 0 });
    expect(done.aggregate).toMatchObject({ distanceUnit: 'mm', surfaceTolerance: 2 });
    const items = await getJson<(ImageBody & { spacing: number[] })[]>(stack, `${stack.url}/api/evaluations/${done.id}/images`);
    expect(items.map((i) => [i.kind, i.shape, i.distanceUnit])).toEqual([['volume', [12, 40, 48], 'mm']]);
    expect(items[0].spacing.map((s) => +s.toFixed(3))).toEqual([2.5, 0.8, 0.8]);
    expect(items[0].perClass.map((c) => c.labelValue)).toEqual([1, 2]);
  });

  it('rebuilds completed evaluations from their reports in S3 after the database is deleted', async () => {
    const before = await getJson<EvaluationBody[]>(stack, `${stack.url}/api/models/${modelId}/evaluations`);
    const images = await getJson<ImageBody[]>(stack, `${stack.url}/api/evaluations/${validationId}/images`);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitForModel(stack, modelId, (m) => m.status === 'completed', 30_000);
    const after = await waitForJob<EvaluationBody>(stack, `${stack.url}/api/evaluations/${validationId}`, (e) => e.state === 'completed', 30_000);
    // Resync runs in the background, one evaluation after another: the list is whole once it ends.
    const restoredIds = async () => (await getJson<EvaluationBody[]>(stack, `${stack.url}/api/models/${modelId}/evaluations`)).map((e) => e.id).sort();
    await expect.poll(restoredIds, { timeout: 30_000 }).toEqual(before.map((e) => e.id).sort());
    const mirrored = async () => (await getJson<EvaluationBody[]>(stack, `${stack.url}/api/models/${modelId}/evaluations`)).filter((e) => e.testTimeMirroring).map((e) => e.id);
    expect(before.filter((e) => e.testTimeMirroring)).toHaveLength(1);
    expect(await mirrored()).toEqual(before.filter((e) => e.testTimeMirroring).map((e) => e.id));
    const original = before.find((e) => e.id === validationId)!;
    expect(after).toMatchObject({ subset: original.subset, imageCount: original.imageCount, failedCount: 0, aggregate: original.aggregate, datasetName: 'png' });
    expect(await getJson<ImageBody[]>(stack, `${stack.url}/api/evaluations/${validationId}/images`)).toEqual(images);
  });

  it('deletes an evaluation from S3 and SQLite', async () => {
    const res = await stack.fetch(`${stack.url}/api/evaluations/${validationId}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await listKeys(stack, `models/${modelId}/evaluations/${validationId}`)).toEqual([]);
    expect((await stack.fetch(`${stack.url}/api/evaluations/${validationId}`)).status).toBe(404);
  });
});
