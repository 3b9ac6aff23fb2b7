import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import {
  type BatchBody,
  type EvaluationBody,
  getJson,
  makeZip,
  postJson,
  saveBody,
  trainTiny,
  unzipFile,
  unzipList,
  waitForJob,
} from './jobs.helpers';
import { type Stack, startStack } from './stack';
import { expectJobStream, expectReplayAfter, jobEvents, readSse } from './training.helpers';
import { makeVolumeArchive } from './volume-archives';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('batch inference through the gateway against the real ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let modelId: string;
  let png: Buffer;
  let archiveBatchId: string;

  const submitZip = async (zip: string, model = modelId) => {
    const form = new FormData();
    form.set('archive', await openAsBlob(zip), basename(zip));
    return stack.fetch(`${stack.url}/api/models/${model}/batches`, { method: 'POST', body: form });
  };

  /** Enough images to keep the ml-service busy for a while. */
  let many: string | undefined;
  const manyZip = () => {
    if (!many) {
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < 4000; i++) files[`many/img_${String(i).padStart(4, '0')}.png`] = png;
      many = makeZip(files, 'many.zip');
    }
    return many;
  };

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('png_8bit'), 'png');
    modelId = await trainTiny(stack, dataset);
    png = execFileSync('unzip', ['-p', archive('png_8bit'), 'images/case_000.png']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 400 for a file that is not a ZIP, and stores nothing', async () => {
    const form = new FormData();
    form.set('archive', new Blob([new Uint8Array(png)]), 'case_000.png');
    const res = await stack.fetch(`${stack.url}/api/models/${modelId}/batches`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('case_000.png is not a ZIP archive; put the images in a .zip file and upload that');
    expect(await listKeys(stack, 'batches/')).toEqual([]);

    const neither = await postJson(stack, `${stack.url}/api/models/${modelId}/batches`, {});
    expect(neither.status).toBe(400);
    expect(((await neither.json()) as { message: string }).message).toMatch(/multipart\/form-data in a field named "archive", or JSON/);

    // The ZIP travels in "archive" everywhere; the old field name is refused, naming the right one.
    const old = new FormData();
    old.set('file', new Blob([new Uint8Array(png)]), 'images.zip');
    const refused = await stack.fetch(`${stack.url}/api/models/${modelId}/batches`, { method: 'POST', body: old });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/Unexpected file field "file"; .* field named "archive"/);
  });

  it('segments a ZIP of images, recording a corrupt file as a failure and completing', async () => {
    const zip = makeZip({ 'case_000.png': png, 'scans/a/deep.png': png, 'broken.png': Buffer.from('not a png at all') }, 'scans.zip');
    const res = await submitZip(zip);
    expect(res.status).toBe(202);
    const created = (await res.json()) as BatchBody;
    expect(created).toMatchObject({ modelId, modelName: 'tiny', source: 'archive', inputName: 'scans.zip', datasetId: null });
    archiveBatchId = created.id;

    const url = `${stack.url}/api/batches/${created.id}/events`;
    const events = await readSse(stack, url);
    expectJobStream(events, 'completed');
    expect(events[0].data).toMatchObject({ id: created.id, source: 'archive' });
    expect(jobEvents(events).some((e) => e.data.type === 'progress')).toBe(true);
    await expectReplayAfter(stack, url, events);

    const batch = await getJson<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`);
    expect(batch).toMatchObject({ state: 'completed', imageCount: 3, failedCount: 1, aggregate: null, error: null });
    expect(batch.failures).toHaveLength(1);
    expect(batch.failures[0].inputName).toBe('broken.png');
    expect(batch.masksBytes).toBeGreaterThan(0);
    expect(batch.csvBytes).toBeGreaterThan(0);

    const masks = await stack.fetch(`${stack.url}/api/batches/${created.id}/masks`);
    expect(masks.status).toBe(200);
    expect(masks.headers.get('content-disposition')).toBe('attachment; filename="scans-masks.zip"');
    const masksZip = await saveBody(masks, 'masks.zip');
    expect(unzipList(masksZip)).toEqual(['case_000.png', 'scans/a/deep.png']);
    expect(unzipFile(masksZip, 'case_000.png').subarray(0, 4)).toEqual(PNG_MAGIC);

    const csv = await (await stack.fetch(`${stack.url}/api/batches/${created.id}/results.csv`)).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('input_name,output_name,width,height,slice_count,decode_ms,forward_ms,total_ms,dice,iou,hd95,asd,nsd,distance_unit,error');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith('broken.png'))).toMatch(/,,/);

    const report = (await getJson<{ format: string; batch_id: string; source: string }>(stack, `${stack.url}/api/batches/${created.id}/report`));
    expect(report).toMatchObject({ format: 'medseg-batch-v2', batch_id: created.id, source: 'archive' });
    expect(await listKeys(stack, `batches/${created.id}/`)).toEqual(
      ['batch.json', 'input.zip', 'masks.zip', 'results.csv'].map((f) => `batches/${created.id}/${f}`),
    );
  });

  it('segments every pair of a dataset, with metrics against its masks', async () => {
    const res = await postJson(stack, `${stack.url}/api/models/${modelId}/batches`, { datasetId: dataset.id });
    expect(res.status).toBe(202);
    const created = (await res.json()) as BatchBody;
    expect(created).toMatchObject({ source: 'dataset', inputName: 'png', datasetId: dataset.id });
    const batch = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`);
    expect(batch).toMatchObject({ state: 'completed', imageCount: dataset.pairCount, failedCount: 0, failures: [] });
    expect(batch.aggregate!.dice.count).toBeGreaterThanOrEqual(0);
    const masksZip = await saveBody(await stack.fetch(`${stack.url}/api/batches/${created.id}/masks`), 'masks.zip');
    expect(unzipList(masksZip)).toHaveLength(dataset.pairCount);

    const list = await getJson<BatchBody[]>(stack, `${stack.url}/api/models/${modelId}/batches`);
    expect(list.map((b) => b.id)).toEqual([created.id, archiveBatchId]);
  });

  it('cancels a running batch and the one queued behind it', async () => {
    const zip = manyZip();
    const first = (await (await submitZip(zip)).json()) as BatchBody;
    const second = (await (await submitZip(zip)).json()) as BatchBody;
    const queued = await getJson<BatchBody>(stack, `${stack.url}/api/batches/${second.id}`);
    expect(queued.state).toBe('queued');
    expect(queued.queuePosition).toBeGreaterThanOrEqual(1);

    expect((await stack.fetch(`${stack.url}/api/batches/${second.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await stack.fetch(`${stack.url}/api/batches/${second.id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await stack.fetch(`${stack.url}/api/batches/${first.id}/cancel`, { method: 'POST' })).status).toBe(200);
    const cancelledSecond = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${second.id}`);
    const cancelledFirst = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${first.id}`);
    expect(cancelledSecond.state).toBe('cancelled');
    expect(cancelledFirst.state).toBe('cancelled');
    // A cancelled job writes no outputs.
    expect(await listKeys(stack, `batches/${first.id}/`)).toEqual([`batches/${first.id}/input.zip`]);
    expect((await stack.fetch(`${stack.url}/api/batches/${first.id}/masks`)).status).toBe(409);

    expect((await stack.fetch(`${stack.url}/api/batches/${first.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `batches/${first.id}/`)).toEqual([]);
  });

  it('re-attaches to a batch still running when the gateway restarts', async () => {
    const created = (await (await submitZip(manyZip())).json()) as BatchBody;
    await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`, (b) => b.state === 'running' && (b.progress?.done ?? 0) > 0, 60_000);
    await stack.restartGateway();
    // Progress keeps arriving through the new gateway's watch stream.
    const before = await getJson<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`);
    await waitForJob<BatchBody>(stack, 
      `${stack.url}/api/batches/${created.id}`,
      (b) => b.state !== 'running' || (b.progress?.done ?? 0) > (before.progress?.done ?? 0),
      60_000,
    );
    await stack.fetch(`${stack.url}/api/batches/${created.id}/cancel`, { method: 'POST' });
    const done = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`);
    expect(['cancelled', 'completed']).toContain(done.state);
  });

  it('turns a running batch failed with the reason when the ml-service restarts mid-job', async () => {
    const created = (await (await submitZip(manyZip())).json()) as BatchBody;
    await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`, (b) => b.state === 'running', 60_000);
    await stack.ml.stop();
    await stack.restartMl();
    const batch = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${created.id}`, undefined, 60_000);
    expect(batch).toMatchObject({ state: 'failed', reason: 'service_stopped' });
    expect(batch.error).toMatch(/ml-service/);
  });

  it('rebuilds completed batches from batch.json in S3 after the database is deleted', async () => {
    const before = (await getJson<BatchBody[]>(stack, `${stack.url}/api/models/${modelId}/batches`)).filter((b) => b.state === 'completed');
    expect(before.length).toBe(2);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${before[0].id}`, (b) => b.state === 'completed', 60_000).catch(() => undefined);
    const after = await getJson<BatchBody[]>(stack, `${stack.url}/api/models/${modelId}/batches`);
    expect(after.map((b) => b.id)).toEqual(before.map((b) => b.id));
    for (const [i, b] of after.entries()) {
      const { createdAt: _c, finishedAt: _f, ...rest } = before[i];
      expect(b).toMatchObject(rest);
    }
  });

  it('deletes the evaluations and batches of a deleted model, rows and S3 objects', async () => {
    const evaluation = (await (await postJson(stack, `${stack.url}/api/models/${modelId}/evaluations`, {})).json()) as EvaluationBody;
    await waitForJob<EvaluationBody>(stack, `${stack.url}/api/evaluations/${evaluation.id}`);
    const batches = await getJson<BatchBody[]>(stack, `${stack.url}/api/models/${modelId}/batches`);
    expect(batches.length).toBeGreaterThan(0);

    expect((await stack.fetch(`${stack.url}/api/models/${modelId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `models/${modelId}/`)).toEqual([]);
    for (const b of batches) {
      expect(await listKeys(stack, `batches/${b.id}/`)).toEqual([]);
      expect((await stack.fetch(`${stack.url}/api/batches/${b.id}`)).status).toBe(404);
    }
    expect((await stack.fetch(`${stack.url}/api/evaluations/${evaluation.id}`)).status).toBe(404);
  });

  it('segments each case of a volume dataset whole, its unlabeled case too, as NIfTI', async () => {
    const volumes = await uploadAndSettle(stack, makeVolumeArchive(mkdtempSync(join(tmpdir(), 'medseg-volumes-')), 'msd'), 'msd');
    const volumeModel = await trainTiny(stack, volumes, 'tiny-msd');
    const res = await postJson(stack, `${stack.url}/api/models/${volumeModel}/batches`, { datasetId: volumes.id });
    expect(res.status).toBe(202);
    const batch = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${((await res.json()) as BatchBody).id}`);
    // Three cases (two labelled, one from imagesTs/) are three items; the labelled two are scored in mm.
    expect(batch).toMatchObject({ state: 'completed', imageCount: 3, failedCount: 0 });
    expect(batch.aggregate).toMatchObject({ distanceUnit: 'mm' });
    expect(batch.aggregate!.dice.count).toBe(2);
    const masksZip = await saveBody(await stack.fetch(`${stack.url}/api/batches/${batch.id}/masks`), 'msd-masks.zip');
    expect(unzipList(masksZip)).toEqual(['case_001.nii.gz', 'case_002.nii.gz', 'case_101.nii.gz']);
  });
});
