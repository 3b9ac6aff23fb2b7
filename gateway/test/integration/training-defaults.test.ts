import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack } from './stack';
import { createModel, getModel, waitForModel } from './training.helpers';
import { makeVolumeArchive } from './volume-archives';

interface Defaults {
  hyperparameters: Record<string, unknown>;
  ranges: Record<string, { min: number; max: number }>;
  volumeDefaults: Record<string, unknown> | null;
  autoDefaults: Record<string, unknown> | null;
  autoChoices: { field: string; reason: string }[];
  volumeChoices: { field: string; reason: string }[];
}

describe('unet_3d hyper-parameters through the gateway against the real ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let images: DatasetBody;
  let volumes: DatasetBody;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medseg-archives-'));
    const archive = makeArchives(dir);
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('mixed'), 'mixed');
    images = await uploadAndSettle(stack, archive('png_8bit'), 'pngs');
    // MSD: 2 labelled cases of 2 channels, 12 x 40 x 48 at 2.5 x 0.8 x 0.8 mm, and 1 unlabeled.
    volumes = await uploadAndSettle(stack, makeVolumeArchive(dir, 'msd'), 'msd');
  }, 180_000);

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
    // 2D networks oversample foreground too (nnU-Net's 0.33), on slices instead of patches.
    expect(plain.body.hyperparameters).toMatchObject({ architecture: 'unet', patchSize: [], targetSpacing: [], foregroundOversampling: 0.33 });
    expect(plain.body.ranges.patchSize).toMatchObject({ min: 8, max: 512 });
    expect(plain.body.ranges.foregroundOversampling).toMatchObject({ min: 0, max: 1 });
    expect(plain.body.volumeDefaults).toBeNull();
    expect((await defaults(`?datasetId=${images.id}`)).body.volumeDefaults).toBeNull();
    expect((await defaults(`?datasetId=${randomUUID()}`)).status).toBe(404);
    expect((await defaults('?datasetId=nope')).status).toBe(400);
  });

  it('derives the Auto preset from the dataset, says why, and trains with it where nothing was sent', async () => {
    expect((await defaults()).body).toMatchObject({ autoDefaults: null, autoChoices: [] });
    const { body } = await defaults(`?datasetId=${images.id}`);
    const auto = body.autoDefaults!;
    // png_8bit: a handful of small images, so a small input, small batches and many epochs.
    expect(auto).toMatchObject({ architecture: 'unet', inputSize: 64, batchSize: 2, augmentationPreset: 'nnunet', lrSchedule: 'poly' });
    expect(auto.epochs as number).toBeGreaterThan(30);
    const fields = body.autoChoices.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['inputSize', 'depth', 'batchSize', 'epochs', 'normalization']));
    expect(body.autoChoices.find((c) => c.field === 'inputSize')!.reason).toMatch(/median longest side \d+ px/);
    const res = await createModel(stack, { name: 'auto', datasetId: images.id, hyperparameters: { epochs: 1 } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const done = await waitForModel(stack, id, (m) => m.status !== 'training');
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const model = (await getModel(stack, id)) as unknown as { hyperparameters: Record<string, unknown> };
    expect(model.hyperparameters).toMatchObject({ epochs: 1, inputSize: auto.inputSize, depth: auto.depth, batchSize: auto.batchSize, augmentationPreset: 'nnunet' });
  });

  it("chooses patch size and target spacing from the dataset's fingerprint", async () => {
    const { body } = await defaults(`?datasetId=${volumes.id}`);
    expect(body.volumeDefaults).toMatchObject({ architecture: 'unet_3d', batchSize: 2, patchSize: [16, 40, 48], foregroundOversampling: 0.33 });
    const spacing = body.volumeDefaults!.targetSpacing as number[];
    for (const [axis, mm] of [2.5, 0.8, 0.8].entries()) expect(spacing[axis]).toBeCloseTo(mm, 4);
    expect(body.volumeChoices.find((c) => c.field === 'normalization')!.reason).toMatch(/z-scored/);
  });

  it('trains a 3D U-Net on the volumes and keeps the hyper-parameters it used', async () => {
    const hyperparameters = { architecture: 'unet_3d', epochs: 1, depth: 2, baseChannels: 4, patchSize: [16, 16, 16] };
    const res = await createModel(stack, { name: 'vol3d', datasetId: volumes.id, hyperparameters });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const done = await waitForModel(stack, id, (m) => m.status !== 'training');
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const model = (await getModel(stack, id)) as unknown as { architecture: string; hyperparameters: Record<string, unknown> };
    expect(model.architecture).toBe('unet_3d');
    // Missing fields came from the dataset's volume defaults, not the 2D ones.
    expect(model.hyperparameters).toMatchObject({ patchSize: [16, 16, 16], batchSize: 2, foregroundOversampling: 0.33 });
    expect((model.hyperparameters.targetSpacing as number[])[0]).toBeCloseTo(2.5, 4);
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
    const models = (await (await stack.fetch(`${stack.url}/api/models?search=x`)).json()) as { total: number };
    expect(models.total).toBe(0);
  });

  it("passes the ml-service's refusal of unet_3d on a dataset without volumes through as 400", async () => {
    const res = await createModel(stack, { name: 'x', datasetId: images.id, hyperparameters: { architecture: 'unet_3d', depth: 2, patchSize: [16, 16, 16] } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/unet_3d trains on volumes, but dataset .* holds only 2D images/);
  });
});
