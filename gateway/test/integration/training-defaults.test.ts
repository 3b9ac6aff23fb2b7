import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, makeArchives, s3Client, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack } from './stack';
import { createModel } from './training.helpers';

interface Defaults {
  hyperparameters: Record<string, unknown>;
  ranges: Record<string, { min: number; max: number }>;
  volumeDefaults: Record<string, unknown> | null;
}

describe('unet_3d hyper-parameters through the gateway against the real ml-service', () => {
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

  const defaults = async (query = ''): Promise<{ status: number; body: Defaults }> => {
    const res = await stack.fetch(`${stack.url}/api/training/defaults${query}`);
    return { status: res.status, body: (await res.json()) as Defaults };
  };

  it('serves the rules with the 3D ranges, and no volume defaults without a dataset with volumes', async () => {
    const plain = await defaults();
    expect(plain.status).toBe(200);
    expect(plain.body.hyperparameters).toMatchObject({ architecture: 'unet', patchSize: [], targetSpacing: [], foregroundOversampling: 0 });
    expect(plain.body.ranges.patchSize).toMatchObject({ min: 8, max: 512 });
    expect(plain.body.ranges.foregroundOversampling).toMatchObject({ min: 0, max: 1 });
    expect(plain.body.volumeDefaults).toBeNull();
    expect((await defaults(`?datasetId=${dataset.id}`)).body.volumeDefaults).toBeNull();
    expect((await defaults(`?datasetId=${randomUUID()}`)).status).toBe(404);
    expect((await defaults('?datasetId=nope')).status).toBe(400);
  });

  it("chooses patch size and target spacing from the fingerprint in the dataset's manifest", async () => {
    const client = s3Client(stack);
    const key = `datasets/${dataset.id}/manifest.json`;
    const Bucket = stack.config.s3.bucket;
    const stored = await client.send(new GetObjectCommand({ Bucket, Key: key }));
    const manifest = JSON.parse(await stored.Body!.transformToString()) as Record<string, unknown>;
    manifest.fingerprint = { caseCount: 3, medianShape: [12, 40, 48], medianSpacing: [2.5, 0.8, 0.8], minSpacing: [2.5, 0.8, 0.8], maxSpacing: [2.5, 0.8, 0.8] };
    await client.send(new PutObjectCommand({ Bucket, Key: key, Body: JSON.stringify(manifest), ContentType: 'application/json' }));
    try {
      const { body } = await defaults(`?datasetId=${dataset.id}`);
      expect(body.volumeDefaults).toMatchObject({
        architecture: 'unet_3d',
        batchSize: 2,
        patchSize: [16, 40, 48],
        targetSpacing: [2.5, 0.8, 0.8],
        foregroundOversampling: 0.33,
      });
    } finally {
      delete manifest.fingerprint;
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: JSON.stringify(manifest), ContentType: 'application/json' }));
      client.destroy();
    }
  });

  it('answers 400 naming the 3D field that is malformed, and keeps no model row', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ architecture: 'unet_3d', patchSize: [16, 16] }, 'patchSize must have 3 sides (slice, row, column)'],
      [{ architecture: 'unet_3d', patchSize: [16, 16.5, 16] }, 'patchSize sides must be whole numbers'],
      [{ architecture: 'unet_3d', targetSpacing: [1, -1, 1] }, 'targetSpacing values must be 0 or more'],
      [{ architecture: 'unet_3d', foregroundOversampling: 1.5 }, 'foregroundOversampling must be at most 1'],
    ];
    for (const [hyperparameters, message] of cases) {
      const res = await createModel(stack, { name: 'x', datasetId: dataset.id, hyperparameters });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(message);
    }
    const odd = await createModel(stack, { name: 'x', datasetId: dataset.id, hyperparameters: { architecture: 'unet_3d', depth: 4, patchSize: [16, 16, 12] } });
    expect(((await odd.json()) as { message: string }).message).toBe(
      'hyperparameters.patch_size sides must be multiples of 8 from 8 to 512 for depth 4, got [16, 16, 12]',
    );
    const models = (await (await stack.fetch(`${stack.url}/api/models`)).json()) as { total: number };
    expect(models.total).toBe(0);
  });

  it("passes the ml-service's refusal of unet_3d on a dataset without volumes through as 400", async () => {
    const res = await createModel(stack, { name: 'x', datasetId: dataset.id, hyperparameters: { architecture: 'unet_3d', depth: 2, patchSize: [16, 16, 16] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/unet_3d/);
  });
});
