import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, makeArchives, s3Client, uploadAndSettle } from './datasets.helpers';
import { type BatchBody, type EvaluationBody, trainTiny, waitForJob } from './jobs.helpers';
import { type ApiFetch, type Stack, startStack, waitUntil } from './stack';
import { TINY } from './training.helpers';

interface Owned {
  id: string;
  owner: { id: string; username: string; displayName: string } | null;
  visibility?: 'private' | 'shared';
  canChange: boolean;
}
interface Page<T> {
  items: T[];
  total: number;
}

const message = async (res: Response) => ((await res.json()) as { message: string }).message;
const put = (body: unknown): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** The same stack, with its helpers' requests sent as another user. */
const actingAs = (stack: Stack, as: ApiFetch): Stack => ({ ...stack, url: stack.url, fetch: as });

describe('ownership and sharing against the real gateway, ml-service and S3', () => {
  let stack: Stack;
  let alice: ApiFetch;
  let bob: ApiFetch;
  let viewer: ApiFetch;
  let dataset: DatasetBody;
  let modelId: string;
  let evaluationId: string;
  let batchId: string;
  let resultId: string;

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    alice = stack.asUser('alice', 'researcher');
    bob = stack.asUser('bob', 'researcher');
    viewer = stack.as('viewer');
    const asAlice = actingAs(stack, alice);
    dataset = await uploadAndSettle(asAlice, archive('png_8bit'), 'alice-private');
    modelId = await trainTiny(asAlice, dataset, 'alice-model');
    evaluationId = ((await (await alice(`/api/models/${modelId}/evaluations`, post({}))).json()) as { id: string }).id;
    await waitForJob<EvaluationBody>(asAlice, `/api/evaluations/${evaluationId}`);
    batchId = ((await (await alice(`/api/models/${modelId}/batches`, post({ datasetId: dataset.id }))).json()) as { id: string }).id;
    await waitForJob<BatchBody>(asAlice, `/api/batches/${batchId}`);
    const segmented = await alice(`/api/models/${modelId}/segment-pair`, post({ datasetId: dataset.id, pairIndex: 0 }));
    resultId = ((await segmented.json()) as { resultId: string }).resultId;
    await waitUntil(async () => ((await (await alice(`/api/models/${modelId}/results`)).json()) as unknown[]).length === 1);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("shows a researcher their own things with owner, visibility and canChange", async () => {
    const mine = (await (await alice('/api/datasets?owner=me')).json()) as Page<Owned>;
    expect(ids(mine.items)).toEqual([dataset.id]);
    expect(mine.items[0]).toMatchObject({ owner: { username: 'alice', displayName: 'User alice' }, visibility: 'private', canChange: true });
    const model = (await (await alice(`/api/models/${modelId}`)).json()) as Owned;
    expect(model).toMatchObject({ owner: { username: 'alice' }, visibility: 'private', canChange: true });
    const evaluation = (await (await alice(`/api/evaluations/${evaluationId}`)).json()) as Owned;
    expect(evaluation).toMatchObject({ owner: { username: 'alice' }, canChange: true });
    expect(((await (await alice('/api/datasets?owner=others')).json()) as Page<Owned>).total).toBe(0);
  });

  it("hides another researcher's private things in every list, count, GET, stream and download (404 as for a missing id)", async () => {
    const datasets = (await (await bob('/api/datasets')).json()) as Page<Owned>;
    expect(datasets).toMatchObject({ items: [], total: 0 });
    expect((await (await bob('/api/models')).json()) as Page<Owned>).toMatchObject({ items: [], total: 0 });
    expect(((await (await viewer('/api/models')).json()) as Page<Owned>).total).toBe(0);
    expect(((await (await stack.fetch('/api/datasets')).json()) as Page<Owned>).total).toBe(1);

    const missing = '0b7c6f3e-1111-4222-8333-444455556666';
    const notFound: [string, string][] = [
      [`/api/datasets/${dataset.id}`, `Dataset ${dataset.id} not found`],
      [`/api/datasets/${dataset.id}/pairs`, `Dataset ${dataset.id} not found`],
      [`/api/datasets/${dataset.id}/pairs/0/thumbnail`, `Dataset ${dataset.id} not found`],
      [`/api/models/${modelId}`, `Model ${modelId} not found`],
      [`/api/models/${modelId}/events`, `Model ${modelId} not found`],
      [`/api/models/${modelId}/export`, `Model ${modelId} not found`],
      [`/api/models/${modelId}/evaluations`, `Model ${modelId} not found`],
      [`/api/models/${modelId}/batches`, `Model ${modelId} not found`],
      [`/api/models/${modelId}/results`, `Model ${modelId} not found`],
      [`/api/evaluations/${evaluationId}`, `Evaluation ${evaluationId} not found`],
      [`/api/evaluations/${evaluationId}/events`, `Evaluation ${evaluationId} not found`],
      [`/api/evaluations/${evaluationId}/report`, `Evaluation ${evaluationId} not found`],
      [`/api/batches/${batchId}/masks`, `Batch ${batchId} not found`],
      [`/api/batches/${batchId}/events`, `Batch ${batchId} not found`],
      [`/api/inference-results/${resultId}/mask`, `Inference result ${resultId} not found`],
      [`/api/inference-results/${resultId}`, `Inference result ${resultId} not found`],
    ];
    for (const [path, text] of notFound) {
      const res = await bob(path);
      expect(res.status, path).toBe(404);
      expect(await message(res), path).toBe(text);
    }
    expect(await message(await bob(`/api/models/${missing}`))).toBe(`Model ${missing} not found`);
    const train = await bob('/api/models', post({ name: 'steal', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 1 } }));
    expect(train.status).toBe(404);
    expect((await bob(`/api/datasets/${dataset.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await bob(`/api/models/${modelId}/segment-pair`, post({ datasetId: dataset.id, pairIndex: 0 }))).status).toBe(404);
    const system = await bob('/api/system');
    if (system.status === 200) expect(JSON.stringify(await system.json())).not.toContain(modelId);
    // The admin sees and may change everything.
    expect((await (await stack.fetch(`/api/models/${modelId}`)).json()) as Owned).toMatchObject({ canChange: true, owner: { username: 'alice' } });
  });

  it('lets everyone use a shared dataset; only its owner or an admin changes it', async () => {
    const shared = await alice(`/api/datasets/${dataset.id}/visibility`, put({ visibility: 'shared' }));
    expect(shared.status).toBe(200);
    expect(((await shared.json()) as Owned).visibility).toBe('shared');

    const seen = (await (await bob('/api/datasets')).json()) as Page<Owned>;
    expect(ids(seen.items)).toEqual([dataset.id]);
    expect(seen.items[0]).toMatchObject({ canChange: false, owner: { username: 'alice' } });
    expect(((await (await bob('/api/datasets?owner=me')).json()) as Page<Owned>).total).toBe(0);
    expect((await bob(`/api/datasets/${dataset.id}/pairs/0/thumbnail`)).status).toBe(200);
    expect((await viewer(`/api/datasets/${dataset.id}`)).status).toBe(200);

    const trained = await bob('/api/models', post({ name: 'bob-model', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 1 } }));
    expect(trained.status).toBe(201);
    const bobModel = (await trained.json()) as Owned;
    expect(bobModel).toMatchObject({ owner: { username: 'bob' }, visibility: 'private', canChange: true });

    const deleted = await bob(`/api/datasets/${dataset.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(403);
    expect(await message(deleted)).toBe('Only the owner (User alice) or an admin may delete this dataset');
    expect((await bob(`/api/datasets/${dataset.id}/visibility`, put({ visibility: 'private' }))).status).toBe(403);
    // Alice sees none of Bob's private model, not even in the counts.
    expect(((await (await alice('/api/models')).json()) as Page<Owned>).total).toBe(1);
    await waitUntil(async () => {
      const m = (await (await bob(`/api/models/${bobModel.id}`)).json()) as { status: string };
      return m.status !== 'training';
    }, 120_000);
  }, 180_000);

  it("shares a model: its jobs follow it, a user's inference results stay theirs", async () => {
    expect((await alice(`/api/models/${modelId}/visibility`, put({ visibility: 'shared' }))).status).toBe(200);
    expect(((await (await bob(`/api/models/${modelId}`)).json()) as Owned).canChange).toBe(false);
    const evaluations = (await (await bob(`/api/models/${modelId}/evaluations`)).json()) as Owned[];
    expect(ids(evaluations)).toEqual([evaluationId]);
    expect(evaluations[0].canChange).toBe(false);
    const cancel = await bob(`/api/evaluations/${evaluationId}`, { method: 'DELETE' });
    expect(cancel.status).toBe(403);
    expect(await message(cancel)).toBe('Only the owner (User alice) or an admin may delete this evaluation');
    expect((await bob(`/api/batches/${batchId}/masks`)).status).toBe(200);
    expect((await bob(`/api/models/${modelId}/events`)).status).toBe(200);
    expect((await (await bob(`/api/models/${modelId}/results`)).json()) as unknown[]).toEqual([]);
    expect((await bob(`/api/inference-results/${resultId}/mask`)).status).toBe(404);
    const own = await viewer(`/api/models/${modelId}/segment-pair`, post({ datasetId: dataset.id, pairIndex: 1 }));
    expect(own.status).toBe(200);
    const viewerResult = ((await own.json()) as { resultId: string }).resultId;
    await waitUntil(async () => ((await (await viewer(`/api/models/${modelId}/results`)).json()) as unknown[]).length === 1);
    expect((await alice(`/api/inference-results/${viewerResult}`)).status).toBe(404);
    expect((await viewer(`/api/inference-results/${viewerResult}`, { method: 'DELETE' })).status).toBe(204);
  }, 120_000);

  it('records owners in the commit markers and brings owners and visibility back after medseg.db is deleted', async () => {
    const s3 = s3Client(stack);
    const read = async (key: string) =>
      JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: stack.config.s3.bucket, Key: key }))).Body!.transformToString()) as Record<string, unknown>;
    const aliceId = ((await (await alice('/api/auth/me')).json()) as { id: string }).id;
    expect((await read(`datasets/${dataset.id}/manifest.json`)).owner_id).toBe(aliceId);
    expect((await read(`models/${modelId}/model.json`)).owner_id).toBe(aliceId);
    expect((await read(`models/${modelId}/evaluations/${evaluationId}.json`)).owner_id).toBe(aliceId);
    expect((await read(`batches/${batchId}/batch.json`)).owner_id).toBe(aliceId);
    expect((await read(`inference/${resultId}/result.json`)).owner_id).toBe(aliceId);
    expect(await read(`datasets/${dataset.id}/sharing.json`)).toMatchObject({ visibility: 'shared', updated_by: aliceId });

    const snapshot = async () => ({
      datasets: ((await (await stack.fetch('/api/datasets')).json()) as Page<Owned>).items.map(({ id, owner, visibility }) => ({ id, owner, visibility })),
      models: ((await (await stack.fetch('/api/models?sort=name&order=asc')).json()) as Page<Owned>).items.map(({ id, owner, visibility }) => ({ id, owner, visibility })),
      evaluations: ((await (await stack.fetch(`/api/models/${modelId}/evaluations`)).json()) as Owned[]).map(({ id, owner }) => ({ id, owner })),
      batches: ((await (await stack.fetch(`/api/models/${modelId}/batches`)).json()) as Owned[]).map(({ id, owner }) => ({ id, owner })),
      results: ((await (await stack.fetch(`/api/models/${modelId}/results`)).json()) as Owned[]).map(({ id, owner }) => ({ id, owner })),
    });
    const before = await snapshot();
    expect(before.models.map((m) => m.owner?.username)).toEqual(['alice', 'bob']);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitUntil(async () => (await snapshot()).results.length === before.results.length, 60_000);
    expect(await snapshot()).toEqual(before);
    expect(((await (await bob('/api/datasets')).json()) as Page<Owned>).total).toBe(1);
    expect(((await (await bob('/api/models')).json()) as Page<Owned>).total).toBe(2);
  }, 120_000);
});
