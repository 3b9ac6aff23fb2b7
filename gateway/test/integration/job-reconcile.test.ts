import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { type TcpProxy, startTcpProxy } from './tcp-proxy';
import { TINY, createModel, waitForModel } from './training.helpers';

describe('a job the gateway gave up on while the ml-service was unreachable', () => {
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

  it('turns failed with the reason, then is cancelled on the ml-service once it answers, leaving no model', async () => {
    const res = await createModel(stack, { name: 'cut-off', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    await waitForModel(stack, id, (m) => m.epochsDone >= 1);

    await proxy.cut();
    const failed = await waitForModel(stack, id, (m) => m.status !== 'training', 30_000);
    expect(failed).toMatchObject({ status: 'failed', jobState: 'failed', reason: 'service_stopped' });
    expect(failed.error).toMatch(/Lost contact with the ml-service/);

    await proxy.restore();
    // The ml-service's training queue is free again: the abandoned job was cancelled there.
    // (The gateway's channel may take a moment to reconnect: 503 until then.)
    let created: Response | undefined;
    await waitUntil(async () => {
      created = await createModel(stack, { name: 'next', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
      return created.status === 201;
    }, 30_000);
    const next = (await created!.json()) as { id: string };
    await waitForModel(stack, next.id, (m) => m.jobState === 'running', 60_000);
    // Its stopped-early cancel would have stored a model the gateway marked failed: none is left,
    // only the failed run's record.
    const runOnly = [`models/${id}/run.json`];
    await waitUntil(async () => JSON.stringify(await listKeys(stack, `models/${id}/`)) === JSON.stringify(runOnly), 30_000);
    const gaveUp = await waitForModel(stack, id, () => true);
    expect(gaveUp).toMatchObject({ status: 'failed', reason: 'service_stopped' });

    expect((await fetch(`${stack.url}/api/models/${next.id}/cancel`, { method: 'POST' })).status).toBe(200);
    await waitForModel(stack, next.id, (m) => m.status !== 'training', 30_000);

    // A resync brings the failed run back from run.json, with its curves and its reason.
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    const restored = await waitForModel(stack, id, (m) => m.id === id, 30_000);
    expect(restored).toMatchObject({ status: 'failed', jobState: 'failed', reason: 'service_stopped', error: gaveUp.error, version: gaveUp.version });
    expect(restored.history!.length).toBeGreaterThanOrEqual(1);
    expect(restored.history).toEqual(gaveUp.history);
  }, 180_000);
});
