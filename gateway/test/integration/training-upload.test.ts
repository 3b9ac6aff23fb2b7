import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack } from './stack';
import { TINY, createModel, expectJobStream, jobEvents, readSse, waitForModel } from './training.helpers';

describe('a training whose upload fails while storage is down', () => {
  let stack: Stack;
  let dataset: DatasetBody;

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('mixed'), 'mixed');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('fails with storage_error after the retried upload, keeps its weights, and completes on a retry action', async () => {
    const res = await createModel(stack, { name: 'unlucky', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 15 } });
    const { id } = (await res.json()) as { id: string };
    // The shards are read; storage goes away long before the last epoch and the upload.
    await waitForModel(stack, id, (m) => m.epochsDone >= 1);
    await stack.stopS3();

    // The ml-service's retries, then the gateway's one RetryTrainingUpload, both find storage down.
    const failed = await waitForModel(stack, id, (m) => m.status !== 'training', 150_000);
    expect(failed).toMatchObject({ status: 'failed', jobState: 'failed', reason: 'storage_error', stoppedEarly: false });
    expect(failed.error).toMatch(/retry the upload/);

    await stack.startS3();
    expect(await listKeys(stack, `models/${id}/`)).toEqual([]);
    const retried = await stack.fetch(`${stack.url}/api/models/${id}/retry-upload`, { method: 'POST' });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id, status: 'completed', jobState: 'completed', reason: null, error: null });
    expect(await listKeys(stack, `models/${id}/`)).toEqual(
      ['best.safetensors', 'last.safetensors', 'model.json'].map((f) => `models/${id}/${f}`),
    );

    // The stored history tells the whole story, without gaps: failed, then the retry's completion.
    const events = await readSse(stack, `${stack.url}/api/models/${id}/events`);
    expectJobStream(events, 'completed');
    const statuses = jobEvents(events).filter((e) => e.data.type === 'status').map((e) => (e.data.status as { state: string }).state);
    expect(statuses.slice(-2)).toEqual(['failed', 'completed']);

    const again = await stack.fetch(`${stack.url}/api/models/${id}/retry-upload`, { method: 'POST' });
    expect(again.status).toBe(409);
  });
});
