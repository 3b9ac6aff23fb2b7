import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelSourceService } from '../../src/services/model-source.service';
import { type DatasetBody, datasetCount, getDataset, listKeys, s3Client, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { makeVolumeArchive } from './volume-archives';

interface VolumeDetail extends DatasetBody {
  layout: string;
  labels: { value: number; name: string; color: string }[];
  fingerprint: { caseCount: number; medianShape: number[]; medianSpacing: number[]; minSpacing: number[]; maxSpacing: number[]; intensities: { channel: number; p005: number; p50: number; p995: number }[]; classFractions: { value: number; fraction: number }[]; channelNames: string[] } | null;
  caseCount: number;
  unlabeledCount: number;
}

interface CaseBody {
  index: number;
  name: string;
  depth: number;
  height: number;
  width: number;
  channels: number;
  spacing: number[];
  labelVoxels: { value: number; voxels: number; volumeMl: number }[];
  intensities: { channel: number; p005: number; p50: number; p995: number }[];
  unlabeled: boolean;
  firstPair: number;
  imageUrls: string[];
  maskUrl: string | null;
}

interface CasePage {
  items: CaseBody[];
  total: number;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
/** The fixture's voxel: 2.5 x 0.8 x 0.8 mm = 1.6 µL. */
const VOXEL_ML = (2.5 * 0.8 * 0.8) / 1000;

describe('datasets of volumes: cases, label names, fingerprint, viewer volumes, resync', () => {
  let stack: Stack;
  let dir: string;
  let msd: VolumeDetail;
  let imagesMasks: VolumeDetail;

  const json = async <T>(path: string): Promise<T> => {
    const res = await stack.fetch(`${stack.url}${path}`);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };
  const readManifest = async (id: string): Promise<Record<string, unknown>> => {
    const client = s3Client(stack);
    const out = await client.send(new GetObjectCommand({ Bucket: stack.config.s3.bucket, Key: `datasets/${id}/manifest.json` }));
    const text = await out.Body!.transformToString();
    client.destroy();
    return JSON.parse(text) as Record<string, unknown>;
  };
  const writeManifest = async (id: string, manifest: unknown): Promise<void> => {
    const client = s3Client(stack);
    await client.send(new PutObjectCommand({ Bucket: stack.config.s3.bucket, Key: `datasets/${id}/manifest.json`, Body: JSON.stringify(manifest) }));
    client.destroy();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medseg-volumes-'));
    stack = await startStack();
    const upload = async (kind: 'msd' | 'images-masks') => {
      const settled = await uploadAndSettle(stack, makeVolumeArchive(dir, kind), kind);
      expect(settled.status, JSON.stringify(settled.errors)).toBe('ready');
      return (await getDataset(stack, settled.id)) as VolumeDetail;
    };
    msd = await upload('msd');
    imagesMasks = await upload('images-masks');
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows the layout, label names, case counts and the fingerprint of an MSD dataset', () => {
    expect(msd).toMatchObject({ layout: 'msd', caseCount: 3, unlabeledCount: 1, pairCount: 36 });
    expect(msd.labels.filter((l) => l.value > 0).map((l) => [l.value, l.name])).toEqual([
      [1, 'liver'],
      [2, 'tumour'],
    ]);
    const fingerprint = msd.fingerprint!;
    expect(fingerprint.medianShape).toEqual([12, 40, 48]);
    for (const [axis, mm] of [2.5, 0.8, 0.8].entries()) {
      expect(fingerprint.medianSpacing[axis]).toBeCloseTo(mm, 4);
      expect(fingerprint.minSpacing[axis]).toBeCloseTo(mm, 4);
      expect(fingerprint.maxSpacing[axis]).toBeCloseTo(mm, 4);
    }
    expect(fingerprint.intensities.map((i) => i.channel)).toEqual([0, 1]);
    // The percentiles survive Nest's codec, which names them p00_5 / p99_5 (dataset-intensity-wire.ts).
    for (const i of fingerprint.intensities) expect(i.p005 < i.p50 && i.p50 < i.p995, JSON.stringify(i)).toBe(true);
    expect(fingerprint.channelNames).toHaveLength(2);
    expect(fingerprint.classFractions.map((c) => c.value)).toEqual([0, 1, 2]);
  });

  it('lists every case with its shape, spacing, channels, label volumes and unlabeled mark', async () => {
    const page = await json<CasePage>(`/api/datasets/${msd.id}/cases`);
    expect(page.total).toBe(3);
    expect(page.items.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(page.items.map((c) => c.unlabeled)).toEqual([false, false, true]);
    for (const c of page.items) {
      expect(c).toMatchObject({ depth: 12, height: 40, width: 48, channels: 2, firstPair: c.index * 12 });
      expect(c.spacing.map((s) => Math.round(s * 100) / 100)).toEqual([2.5, 0.8, 0.8]);
      expect(c.imageUrls).toEqual([`/api/datasets/${msd.id}/cases/${c.index}/image.nii.gz`, `/api/datasets/${msd.id}/cases/${c.index}/image.nii.gz?channel=1`]);
    }
    const [first, , unlabeled] = page.items;
    expect(first.intensities.map((i) => i.channel)).toEqual([0, 1]);
    for (const i of first.intensities) expect(i.p995, JSON.stringify(i)).toBeGreaterThan(i.p005);
    const liver = first.labelVoxels.find((l) => l.value === 1)!;
    expect(liver.voxels).toBeGreaterThan(0);
    expect(liver.volumeMl).toBeCloseTo(liver.voxels * VOXEL_ML, 6);
    expect(unlabeled.maskUrl).toBeNull();

    const pairs = await json<{ items: { caseIndex: number; unlabeled: boolean; volume: string }[] }>(`/api/datasets/${msd.id}/pairs?pageSize=200`);
    expect(pairs.items.map((p) => p.caseIndex)).toEqual(page.items.flatMap((c) => Array<number>(c.depth).fill(c.index)));
    expect(pairs.items.filter((p) => p.unlabeled).length).toBe(12);

    expect((await stack.fetch(`${stack.url}/api/datasets/${msd.id}/cases?pageSize=1001`)).status).toBe(400);
    const second = await json<CasePage>(`/api/datasets/${msd.id}/cases?page=2&pageSize=2`);
    expect(second.items.map((c) => c.index)).toEqual([2]);
  });

  it('streams each channel and the mask as gzipped NIfTI, and explains what is missing', async () => {
    for (const path of ['cases/0/image.nii.gz', 'cases/0/image.nii.gz?channel=1', 'cases/1/mask.nii.gz', 'cases/2/image.nii.gz']) {
      const res = await stack.fetch(`${stack.url}/api/datasets/${msd.id}/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('application/gzip');
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2), path).toEqual(GZIP_MAGIC);
    }
    const missing = async (path: string, message: RegExp) => {
      const res = await stack.fetch(`${stack.url}/api/datasets/${msd.id}/${path}`);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { message: string }).message, path).toMatch(message);
    };
    await missing('cases/2/mask.nii.gz', /unlabeled.*no mask/);
    await missing('cases/0/image.nii.gz?channel=2', /has 2 channels; ask for channel 0 to 1/);
    await missing('cases/7/image.nii.gz', /no case 7 \(it has cases 0 to 2\)/);
    expect((await stack.fetch(`${stack.url}/api/datasets/${msd.id}/cases/0/image.nii.gz?channel=-1`)).status).toBe(400);
  });

  it('keeps an images/ + masks/ NIfTI volume as one labelled case', async () => {
    expect(imagesMasks).toMatchObject({ layout: 'images-masks', caseCount: 1, unlabeledCount: 0, pairCount: 12 });
    const page = await json<CasePage>(`/api/datasets/${imagesMasks.id}/cases`);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ index: 0, depth: 12, channels: 1, unlabeled: false });
    expect((await stack.fetch(`${stack.url}${page.items[0].maskUrl}`)).status).toBe(200);
  });

  it('hands jobs the cases the pairs reference, label names and fingerprint, without unlabeled pairs for training', async () => {
    const sources = stack.app.get(ModelSourceService);
    const dataset = await sources.readyForResume(msd.id, 'train on');
    const training = await sources.pairs(msd.id);
    expect(training).toHaveLength(24);
    expect(training.every((p) => p.unlabeled === 0)).toBe(true);
    expect(await sources.inferencePairs(msd.id)).toHaveLength(36);

    const firstCase = training.filter((p) => p.case_index === 1);
    const source = await sources.datasetSource(dataset, firstCase, dataset.labelValues, dataset.channels);
    expect(source.cases.map((c) => [c.index, c.name, c.firstPair, c.depth])).toEqual([[1, expect.any(String), 12, 12]]);
    expect(source.cases[0].geometry!.spacing[0]).toBeCloseTo(2.5, 4);
    expect(source.cases[0].geometry!.affine).toHaveLength(16);
    expect(source.pairs.every((p) => p.caseIndex === 1 && !p.unlabeled)).toBe(true);
    expect(source.labels.map((l) => l.name)).toContain('liver');
    expect(source.fingerprint!.medianShape).toEqual([12, 40, 48]);
    // What the codec reads: the percentiles under the names protobufjs gives them.
    expect((source.fingerprint!.intensities[0] as unknown as { p99_5: number }).p99_5).toBeGreaterThan(0);
    expect((source.cases[0].intensities[0] as unknown as { p99_5: number }).p99_5).toBeGreaterThan(0);

    // SegmentVolume on a dataset case: its slices in order, an unlabeled case too.
    const unlabeledCase = await sources.caseSource(dataset, 2, dataset.labelValues, dataset.channels);
    expect(unlabeledCase.pairs.map((p) => p.sliceIndex)).toEqual([...Array(12).keys()]);
    expect(unlabeledCase.pairs.every((p) => p.caseIndex === 2 && p.unlabeled)).toBe(true);
    expect(unlabeledCase.cases.map((c) => c.index)).toEqual([2]);
    await expect(sources.caseSource(dataset, 9, dataset.labelValues, dataset.channels)).rejects.toThrow(/no case 9 \(it has cases 0 to 2\)/);
  });

  it('stores cases, labels, fingerprint and layout in the manifest and rebuilds them from it', async () => {
    const manifest = await readManifest(msd.id);
    expect(manifest).toMatchObject({ layout: 'msd', labels: expect.any(Array), fingerprint: { medianShape: [12, 40, 48] } });
    expect((manifest.cases as { seriesInstanceUid: string; firstPair: number }[]).map((c) => c.firstPair)).toEqual([0, 12, 24]);

    const before = await Promise.all([msd.id, imagesMasks.id].map(async (id) => [await getDataset(stack, id), await json<CasePage>(`/api/datasets/${id}/cases`)]));
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitUntil(async () => (await datasetCount(stack)) === 2, 60_000);
    const after = await Promise.all([msd.id, imagesMasks.id].map(async (id) => [await getDataset(stack, id), await json<CasePage>(`/api/datasets/${id}/cases`)]));
    expect(after).toEqual(before);
  }, 120_000);

  it('still reads a manifest stored before volumes (no cases), and deletes the viewer volumes with the dataset', async () => {
    const manifest = await readManifest(imagesMasks.id);
    const { cases: _cases, labels: _labels, fingerprint: _fingerprint, layout: _layout, ...old } = manifest;
    const stripPair = ({ caseIndex: _c, unlabeled: _u, ...pair }: Record<string, unknown>) => pair;
    await writeManifest(imagesMasks.id, { ...old, pairs: (old.pairs as Record<string, unknown>[]).map(stripPair) });
    const resync = await stack.fetch(`${stack.url}/api/admin/resync`, { method: 'POST' });
    expect(((await resync.json()) as { skipped: string[] }).skipped).toEqual([]);
    expect(await getDataset(stack, imagesMasks.id)).toMatchObject({ status: 'ready', pairCount: 12, caseCount: 0, layout: '', labels: [], fingerprint: null });
    expect((await json<CasePage>(`/api/datasets/${imagesMasks.id}/cases`)).items).toEqual([]);
    const res = await stack.fetch(`${stack.url}/api/datasets/${imagesMasks.id}/cases/0/image.nii.gz`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(/no volumes/);

    expect((await listKeys(stack, `datasets/${msd.id}/cases/`)).length).toBeGreaterThanOrEqual(3 * 2 + 2);
    expect((await stack.fetch(`${stack.url}/api/datasets/${msd.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `datasets/${msd.id}/`)).toEqual([]);
  });
});
