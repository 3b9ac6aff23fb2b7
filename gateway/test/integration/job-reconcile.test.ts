import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { type TcpProxy, startTcpProxy } from './tcp-proxy';
import { TINY, createModel, waitForModel } from './training.helpers';

// Trainings that must still run when the test cancels them: the most epochs allowed (a fast machine
// finished 500 tiny epochs before the cancel).
const LONG = { ...TINY, epochs: 1000 };

describe('a job while the ml-service is unreachable', () => {
  let stack: Stack;
  let proxy: TcpProxy;
  let dataset: DatasetBody;

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('mixed'), 'mixed');
    proxy = await startTcpProxy(stack.ml.url);
    // From now on the gateway reaches the ml-service only through the proxy, and gives a lost job 3 s.
    await stack.restartGateway({ MEDSEG_ML_URL: proxy.url, MEDSEG_ML_REATTACH_MS: '3000' });
  });

  afterAll(async () => {
    await proxy?.stop();
    await stack?.stop();
  });

  it('keeps a training while the ml-service is unreachable past the re-attach time, and follows it again once it answers', async () => {
    const res = await createModel(stack, { name: 'waits', datasetId: dataset.id, hyperparameters: LONG });
    const { id } = (await res.json()) as { id: string };
    await waitForModel(stack, id, (m) => m.epochsDone >= 1);

    await proxy.cut();
    let seenAtCut: number;
    try {
      seenAtCut = (await waitForModel(stack, id, () => true)).epochsDone;
      // Well past MEDSEG_ML_REATTACH_MS: an evaluation would have failed by now; a training waits.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(await waitForModel(stack, id, () => true)).toMatchObject({ status: 'training', epochsDone: seenAtCut });
    } finally {
      await proxy.restore();
    }
    // Followed again: the epochs it trained meanwhile arrive, and more after them.
    await waitForModel(stack, id, (m) => m.epochsDone > seenAtCut + 1, 90_000);
    expect((await stack.fetch(`${stack.url}/api/models/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    const done = await waitForModel(stack, id, (m) => m.status !== 'training', 60_000);
    expect(done).toMatchObject({ status: 'completed', reason: 'stopped_early' });
    expect(done.history!.map((e) => e.epoch)).toEqual(done.history!.map((_, i) => i + 1));
  }, 240_000);

  it('cancels a training while the ml-service is unreachable, then stops it there once it answers, leaving no model', async () => {
    const res = await createModel(stack, { name: 'cut-off', datasetId: dataset.id, hyperparameters: LONG });
    const { id } = (await res.json()) as { id: string };
    await waitForModel(stack, id, (m) => m.epochsDone >= 1);

    await proxy.cut();
    let cancelled: Awaited<ReturnType<typeof waitForModel>>;
    try {
      expect((await stack.fetch(`${stack.url}/api/models/${id}/cancel`, { method: 'POST' })).status).toBe(200);
      cancelled = await waitForModel(stack, id, (m) => m.status !== 'training', 30_000);
    } finally {
      await proxy.restore();
    }
    expect(cancelled).toMatchObject({ status: 'failed', jobState: 'cancelled', reason: 'cancelled_by_user' });
    expect(cancelled.error).toMatch(/ml-service was unreachable/);
    // The ml-service's training queue is free again: the abandoned job was cancelled there.
    // (The gateway's channel may take a moment to reconnect: 503 until then.)
    let created: Response | undefined;
    await waitUntil(async () => {
      created = await createModel(stack, { name: 'next', datasetId: dataset.id, hyperparameters: LONG });
      return created.status === 201;
    }, 30_000);
    const next = (await created!.json()) as { id: string };
    await waitForModel(stack, next.id, (m) => m.jobState === 'running', 60_000);
    // Its stopped-early cancel would have stored a model the gateway marked cancelled: none is
    // left, only the run's record.
    const runOnly = [`models/${id}/run.json`];
    await waitUntil(async () => JSON.stringify(await listKeys(stack, `models/${id}/`)) === JSON.stringify(runOnly), 30_000);
    const gaveUp = await waitForModel(stack, id, () => true);
    expect(gaveUp).toMatchObject({ status: 'failed', reason: 'cancelled_by_user' });

    expect((await stack.fetch(`${stack.url}/api/models/${next.id}/cancel`, { method: 'POST' })).status).toBe(200);
    await waitForModel(stack, next.id, (m) => m.status !== 'training', 30_000);

    // A resync brings the run back from run.json, with its curves and its reason.
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    const restored = await waitForModel(stack, id, (m) => m.id === id, 30_000);
    expect(restored).toMatchObject({ status: 'failed', jobState: 'cancelled', reason: 'cancelled_by_user', error: gaveUp.error, version: gaveUp.version });
    expect(restored.history!.length).toBeGreaterThanOrEqual(1);
    expect(restored.history).toEqual(gaveUp.history);
  }, 180_000);
});
