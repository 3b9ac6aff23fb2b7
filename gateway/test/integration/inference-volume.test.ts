import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { TINY, createModel, waitForModel } from './training.helpers';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

interface VolumeBody {
  id: string;
  kind: string;
  fileName: string;
  depth: number;
  height: number;
  width: number;
  spacing: number[];
  labelValues: number[];
  labels: { value: number; name: string }[];
  windowWidth: number;
  hasImage: boolean;
  hasGroundTruth: boolean;
  hasDicomSeg: boolean;
  scores?: { distanceUnit: string; dice: number | null; perClass: { value: number; dice: number | null; hd95: number | null }[] };
  labelVoxels: { value: number; voxels: number; volumeMl: number }[];
  timings: { forwardMs: number; gatewayMs: number };
}

/** Runs Python in ml-service/ (nibabel there) and returns its stdout. */
function python(code: string, ...args: string[]): string {
  const run = spawnSync(services.PYTHON, ['-c', code, ...args], { cwd: join(services.ROOT, 'ml-service'), encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

describe('whole-volume inference through the gateway, stored as inference results', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let modelId: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medseg-volume-'));
    const archive = makeArchives(dir);
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('nifti'), 'nifti');
    const res = await createModel(stack, { name: 'vol', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 2, validationFraction: 0.3 } });
    modelId = ((await res.json()) as { id: string }).id;
    await waitForModel(stack, modelId, (m) => m.status === 'completed');
    // A head-like volume on a grid far from canonical: axes L, A, I, anisotropic, shifted.
    python(
      [
        'import gzip, sys, numpy as np, nibabel as nib',
        'rng = np.random.default_rng(1)',
        'v = (rng.normal(40, 10, (35, 33, 5)) + 300 * (np.indices((35, 33, 5))[0] > 17)).astype(np.int16)',
        'a = np.array([[-0.8, 0, 0, 30], [0, 0.9, 0, -12], [0, 0, -2.5, 40], [0, 0, 0, 1.0]])',
        "open(sys.argv[1], 'wb').write(gzip.compress(nib.Nifti1Image(v, a).to_bytes()))",
      ].join('\n'),
      join(dir, 'head.nii.gz'),
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const segmentVolume = (file: Buffer, name: string) => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(file)]), name);
    return stack.fetch(`${stack.url}/api/models/${modelId}/segment-volume`, { method: 'POST', body: form });
  };
  const bytes = async (path: string) => {
    const res = await stack.fetch(`${stack.url}${path}`);
    expect(res.status, path).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const list = async () => (await (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).json()) as { id: string; kind: string; maskNiftiUrl: string }[];

  it('segments an uploaded NIfTI once and writes its mask on the input grid', async () => {
    const input = readFileSync(join(dir, 'head.nii.gz'));
    const res = await segmentVolume(input, 'head.nii.gz');
    expect(res.status).toBe(200);
    const body = (await res.json()) as VolumeBody;
    expect(body).toMatchObject({ kind: 'volume', fileName: 'head.nii.gz', depth: 5, height: 33, width: 35, labelValues: [0, 1, 3], hasImage: true, hasGroundTruth: false, hasDicomSeg: false });
    expect(body.spacing.map((s) => Math.round(s * 10) / 10)).toEqual([2.5, 0.9, 0.8]);
    expect(body.labels.map((l) => l.value)).toEqual([1, 3]);
    expect(body.labelVoxels.map((v) => v.value)).toEqual([1, 3]);
    expect(body.scores).toBeUndefined();
    expect(body.timings.gatewayMs).toBeGreaterThanOrEqual(body.timings.forwardMs);

    // Stored before the answer: the history, the reopened DTO, the viewer's files and the download.
    expect((await list()).find((r) => r.id === body.id)).toMatchObject({ kind: 'volume', maskNiftiUrl: `/api/inference-results/${body.id}/mask?format=nifti` });
    const reopened = (await (await stack.fetch(`${stack.url}/api/inference-results/${body.id}`)).json()) as VolumeBody;
    expect({ ...reopened, timings: null }).toEqual({ ...body, timings: null });
    expect((await bytes(`/api/inference-results/${body.id}/volume/image.nii.gz`)).equals(input)).toBe(true);
    const mask = await bytes(`/api/inference-results/${body.id}/volume/mask.nii.gz`);
    expect(mask.subarray(0, 2)).toEqual(GZIP_MAGIC);
    expect((await bytes(`/api/inference-results/${body.id}/mask?format=nifti`)).equals(mask)).toBe(true);
    writeFileSync(join(dir, 'mask.nii.gz'), mask);
    const same = python(
      [
        'import sys, numpy as np, nibabel as nib',
        'i, m = nib.load(sys.argv[1]), nib.load(sys.argv[2])',
        'print(i.shape == m.shape and np.allclose(i.affine, m.affine), sorted(np.unique(np.asarray(m.dataobj)).tolist()))',
      ].join('\n'),
      join(dir, 'head.nii.gz'),
      join(dir, 'mask.nii.gz'),
    );
    expect(same).toMatch(/^True \[/);

    expect((await stack.fetch(`${stack.url}/api/inference-results/${body.id}/volume/ground-truth.nii.gz`)).status).toBe(404);
    expect((await stack.fetch(`${stack.url}/api/inference-results/${body.id}/mask?format=dicom-seg`)).status).toBe(404);
    expect((await stack.fetch(`${stack.url}/api/inference-results/${body.id}/mask?format=png`)).status).toBe(404);
  }, 60_000);

  it('segments a dataset case whole and scores it against its ground truth', async () => {
    const res = await stack.fetch(`${stack.url}/api/models/${modelId}/segment-case`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.id, caseIndex: 0 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as VolumeBody;
    expect(body).toMatchObject({ kind: 'volume', fileName: `${dataset.name} / brain`, depth: 4, hasGroundTruth: true });
    expect(body.scores?.perClass.map((c) => c.value)).toEqual([1, 3]);
    expect(body.scores?.dice === null || (body.scores!.dice >= 0 && body.scores!.dice <= 1)).toBe(true);
    const truth = await bytes(`/api/inference-results/${body.id}/volume/ground-truth.nii.gz`);
    expect(truth.subarray(0, 2)).toEqual(GZIP_MAGIC);

    const missing = await stack.fetch(`${stack.url}/api/models/${modelId}/segment-case`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.id, caseIndex: 9 }),
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toMatch(/no case 9/);
  }, 60_000);

  it('segments a zipped DICOM series and serves its DICOM-SEG', async () => {
    python(
      [
        'import sys',
        "sys.path.insert(0, 'tests')",
        'from archive_factory import zip_bytes',
        'from volume_factory import dicom_series_files',
        "files, _ = dicom_series_files({'ct': 1}, masks=False)",
        "open(sys.argv[1], 'wb').write(zip_bytes(files))",
      ].join('\n'),
      join(dir, 'series.zip'),
    );
    const res = await segmentVolume(readFileSync(join(dir, 'series.zip')), 'series.zip');
    expect(res.status).toBe(200);
    const body = (await res.json()) as VolumeBody;
    expect(body).toMatchObject({ kind: 'volume', hasDicomSeg: true, hasGroundTruth: false });
    const seg = await stack.fetch(`${stack.url}/api/inference-results/${body.id}/mask?format=dicom-seg`);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toMatch(/application\/dicom/);
    expect(Buffer.from(await seg.arrayBuffer()).subarray(128, 132).toString('latin1')).toBe('DICM');
    // The series is kept as uploaded beside the viewer's NIfTI of it.
    expect((await bytes(`/api/inference-results/${body.id}/input`)).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await bytes(`/api/inference-results/${body.id}/volume/image.nii.gz`)).subarray(0, 2)).toEqual(GZIP_MAGIC);
  }, 60_000);

  it('refuses an upload it cannot read with 400, storing nothing', async () => {
    const before = (await list()).length;
    const res = await segmentVolume(Buffer.from('not a volume'), 'notes.nii');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/notes\.nii/);
    expect((await list()).length).toBe(before);
  });

  it('rebuilds volume results from S3 and deletes every object of one', async () => {
    const before = await list();
    expect(before.filter((r) => r.kind === 'volume').length).toBeGreaterThanOrEqual(2);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitUntil(async () => (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).status === 200 && (await list()).length === before.length);
    expect((await list()).map((r) => [r.id, r.kind]).sort()).toEqual(before.map((r) => [r.id, r.kind]).sort());

    const id = before[0].id;
    expect((await listKeys(stack, `inference/${id}/`)).length).toBeGreaterThan(1);
    expect((await stack.fetch(`${stack.url}/api/inference-results/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `inference/${id}/`)).toEqual([]);
    expect((await stack.fetch(`${stack.url}/api/inference-results/${id}/volume/mask.nii.gz`)).status).toBe(404);
  }, 120_000);
});
