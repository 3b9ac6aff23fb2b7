import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsService } from '../../src/services/settings.service';
import { type DatasetBody, getDataset, listKeys, makeArchives, s3Client, upload, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { TINY, createModel, waitForModel } from './training.helpers';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

interface Listed {
  id: string;
  inputUrl: string | null;
  maskUrl: string;
}

/** A valid archive of many small pairs, so its inspection runs long enough to be cancelled. */
function slowArchive(dir: string, pairs: number): string {
  const path = join(dir, 'slow.zip');
  const script = `
import io, sys, zipfile
import numpy as np
from PIL import Image
rng = np.random.default_rng(0)
def png(a):
    b = io.BytesIO(); Image.fromarray(a).save(b, format="PNG"); return b.getvalue()
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    for i in range(int(sys.argv[2])):
        z.writestr(f"images/case_{i:05d}.png", png(rng.integers(0, 255, (96, 96), dtype=np.uint8)))
        z.writestr(f"masks/case_{i:05d}.png", png((rng.random((96, 96)) > 0.5).astype(np.uint8)))
`;
  const result = spawnSync(services.PYTHON, ['-c', script, path, String(pairs)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`slow archive: ${result.stderr}`);
  return path;
}

describe('hardening of stored data: cancelled inspections, deleted models, inputs not kept', () => {
  let stack: Stack;
  let dir: string;
  let modelId: string;
  let imageFile: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medseg-hardening-'));
    const archive = makeArchives(dir);
    stack = await startStack();
    const dataset = await uploadAndSettle(stack, archive('png_8bit'), 'png');
    const res = await createModel(stack, { name: 'seg', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 2, validationFraction: 0.35 } });
    modelId = ((await res.json()) as { id: string }).id;
    await waitForModel(stack, modelId, (m) => m.status === 'completed');
    imageFile = execFileSync('unzip', ['-p', archive('png_8bit'), 'images/case_000.png']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const segment = async (): Promise<string> => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(imageFile)]), 'case_000.png');
    const res = await stack.fetch(`${stack.url}/api/models/${modelId}/segment`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const { resultId } = (await res.json()) as { resultId: string };
    await waitUntil(async () => (await results()).some((r) => r.id === resultId));
    return resultId;
  };
  const results = async () => (await (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).json()) as Listed[];

  it('deletes datasets whose inspection runs or waits: the ml-service stops, nothing is left', async () => {
    const archive = slowArchive(dir, 3000);
    const ids: string[] = [];
    for (const name of ['running-1', 'running-2', 'queued']) {
      const res = await upload(stack, archive, name);
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as DatasetBody).id);
    }
    // Two inspect at a time: the first two report progress from the ml-service, the third waits.
    await waitUntil(async () => {
      const [a, b] = await Promise.all(ids.slice(0, 2).map((id) => getDataset(stack, id)));
      return a.progress !== null && b.progress !== null;
    }, 60_000);
    const queued = await getDataset(stack, ids[2]);
    expect([queued.status, queued.progress]).toEqual(['uploaded', null]);
    const inspectDir = join(stack.dir, 'ml-cache', 'inspect');
    expect(readdirSync(inspectDir).length).toBe(2);

    for (const id of [ids[2], ids[0], ids[1]]) {
      const res = await stack.fetch(`${stack.url}/api/datasets/${id}`, { method: 'DELETE' });
      expect(res.status, await res.clone().text()).toBe(204);
    }
    // The ml-service's streams are cancelled: it removes its temp folders.
    await waitUntil(async () => !existsSync(inspectDir) || readdirSync(inspectDir).length === 0, 20_000);
    // Nothing is written after the delete either (no late manifest, shard or thumbnail).
    await new Promise((r) => setTimeout(r, 1500));
    for (const id of ids) {
      expect(await listKeys(stack, `datasets/${id}/`)).toEqual([]);
      expect((await stack.fetch(`${stack.url}/api/datasets/${id}`)).status).toBe(404);
    }
    const list = (await (await stack.fetch(`${stack.url}/api/datasets?pageSize=100`)).json()) as { items: { id: string }[] };
    expect(list.items.filter((d) => ids.includes(d.id))).toEqual([]);
  }, 180_000);

  it('with storing inference inputs turned off by an admin, keeps the masks and maps of a result but not its image', async () => {
    const put = (storeInferenceInputs: boolean, as = stack.fetch) =>
      as(`${stack.url}/api/admin/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ storeInferenceInputs }) });
    expect((await put(false, stack.as('researcher'))).status).toBe(403);
    const off = await put(false);
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ storeInferenceInputs: false, updatedBy: 'admin' });
    try {
      // Stored in S3: a restart on a new medseg.db still has it off.
      await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'settings-fresh.db') });
      await waitUntil(async () => ((await (await stack.fetch(`${stack.url}/api/admin/settings`)).json()) as { storeInferenceInputs: boolean }).storeInferenceInputs === false);
      expect(stack.app.get(SettingsService).storeInferenceInputs).toBe(false);
      await waitUntil(async () => (await stack.fetch(`${stack.url}/api/models/${modelId}`)).status === 200);
      const id = await segment();
      const keys = (await listKeys(stack, `inference/${id}/`)).map((k) => k.slice(`inference/${id}/`.length));
      expect(keys).toEqual(['mask.png', 'probabilities/0.png', 'probabilities/1.png', 'result.json']);
      const listed = (await results()).find((r) => r.id === id)!;
      expect(listed.inputUrl).toBeNull();
      expect((await stack.fetch(`${stack.url}${listed.maskUrl}`)).status).toBe(200);
      expect((await stack.fetch(`${stack.url}/api/inference-results/${id}/input`)).status).toBe(404);
      const reopened = await stack.fetch(`${stack.url}/api/inference-results/${id}`);
      expect(reopened.status).toBe(409);
      expect(((await reopened.json()) as { message: string }).message).toMatch(/without its input image.*download its mask/);
    } finally {
      expect((await put(true)).status).toBe(200);
    }
    const kept = await segment();
    expect((await listKeys(stack, `inference/${kept}/`)).some((k) => /\/input\.png$/.test(k))).toBe(true);
  });

  it('answers an unexpected failure with 500 Internal server error and no detail', async () => {
    const id = await segment();
    const client = s3Client(stack);
    await client.send(new PutObjectCommand({ Bucket: stack.config.s3.bucket, Key: `inference/${id}/result.json`, Body: '{not json' }));
    client.destroy();
    const res = await stack.fetch(`${stack.url}/api/inference-results/${id}`);
    expect(res.status).toBe(500);
    // Only the request id, for the user's report, beside the generic words.
    expect(await res.json()).toEqual({ statusCode: 500, message: 'Internal server error', error: 'Internal Server Error', requestId: res.headers.get('x-request-id') });
  });

  it('deletes one stored result alone, and the rest with their model', async () => {
    const single = await segment();
    expect((await stack.fetch(`${stack.url}/api/inference-results/${single}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `inference/${single}/`)).toEqual([]);
    expect((await results()).some((r) => r.id === single)).toBe(false);

    const left = (await results()).map((r) => r.id);
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect((await stack.fetch(`${stack.url}/api/models/${modelId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, 'inference/')).toEqual([]);
    for (const id of left) expect((await stack.fetch(`${stack.url}/api/inference-results/${id}`)).status).toBe(404);
  });
});
