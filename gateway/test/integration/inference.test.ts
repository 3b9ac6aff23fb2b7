import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, s3Client, uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
import { TINY, createModel, waitForModel } from './training.helpers';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

function pngOf(dataUrl: string): Buffer {
  expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
  return Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
}

describe('inference through the gateway with the model kept warm in the ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let modelId: string;
  let imageFile: Buffer;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medseg-archives-'));
    const archive = makeArchives(dir);
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('png_8bit'), 'png');
    const res = await createModel(stack, { name: 'seg', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 2, validationFraction: 0.35 } });
    modelId = ((await res.json()) as { id: string }).id;
    await waitForModel(stack, modelId, (m) => m.status === 'completed');
    // The first image of the archive, as a user would drop it.
    const { execFileSync } = await import('node:child_process');
    imageFile = execFileSync('unzip', ['-p', archive('png_8bit'), 'images/case_000.png']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const segment = (file: Buffer, name: string, query = '') => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(file)]), name);
    return stack.fetch(`${stack.url}/api/models/${modelId}/segment${query}`, { method: 'POST', body: form });
  };

  it('loads the model once and then answers from the warm cache', async () => {
    const first = await (await stack.fetch(`${stack.url}/api/models/${modelId}/load`, { method: 'POST' })).json();
    expect(first).toMatchObject({ wasLoaded: false });
    const again = await (await stack.fetch(`${stack.url}/api/models/${modelId}/load`, { method: 'POST' })).json();
    expect(again).toMatchObject({ wasLoaded: true });
    const system = (await (await stack.fetch(`${stack.url}/api/system`)).json()) as { loadedModels: { modelId: string }[] };
    expect(system.loadedModels.map((m) => m.modelId)).toContain(modelId);
  });

  it('segments an uploaded PNG: the mask and timings at once, everything kept in the stored result', async () => {
    const res = await segment(imageFile, 'case_000.png');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { resultId: string; width: number; height: number; image: string | null; mask: string; probabilities: string[]; modelWasLoaded: boolean; timings: { forwardMs: number } };
    expect(body).toMatchObject({ width: 35, height: 33, modelWasLoaded: true });
    expect(pngOf(body.mask).subarray(0, 4)).toEqual(PNG_MAGIC);
    // Not asked for (include=): neither the display image nor the maps travel in the answer.
    expect(body.image).toBeNull();
    expect(body.probabilities).toEqual([]);
    expect(body.timings.forwardMs).toBeGreaterThan(0);

    // Stored after the answer: the history lists it and the mask downloads as PNG.
    await waitUntil(async () => ((await (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).json()) as unknown[]).length === 1);
    const mask = await stack.fetch(`${stack.url}/api/inference-results/${body.resultId}/mask`);
    expect(mask.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await mask.arrayBuffer())).toEqual(pngOf(body.mask));

    // Reopened later: the same mask, with the picture and the probability maps the store kept.
    const reopened = (await (await stack.fetch(`${stack.url}/api/inference-results/${body.resultId}`)).json()) as { resultId: string; image: string; mask: string; probabilities: string[] };
    expect(reopened).toMatchObject({ resultId: body.resultId, width: 35, height: 33 });
    expect(reopened.mask).toBe(body.mask);
    expect(pngOf(reopened.image).subarray(0, 4)).toEqual(PNG_MAGIC);
    expect(reopened.probabilities).toHaveLength(2);
  });

  it('carries the display image and the per-class probabilities when asked (include=image,probabilities)', async () => {
    const asked = (await (await segment(imageFile, 'case_000.png', '?persist=false&include=image,probabilities')).json()) as { image: string; mask: string; probabilities: string[] };
    expect(pngOf(asked.image).subarray(0, 4)).toEqual(PNG_MAGIC);
    expect(asked.probabilities).toHaveLength(2);
    for (const p of asked.probabilities) expect(pngOf(p).subarray(0, 4)).toEqual(PNG_MAGIC);
    const lean = (await (await segment(imageFile, 'case_000.png', '?persist=false')).json()) as typeof asked;
    expect(lean.mask).toBe(asked.mask);
    const onlyImage = (await (await segment(imageFile, 'case_000.png', '?persist=false&include=image')).json()) as typeof asked;
    expect(onlyImage.image).toBe(asked.image);
    expect(onlyImage.probabilities).toEqual([]);

    const bad = await segment(imageFile, 'case_000.png', '?persist=false&include=image,colours');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/include must be a comma list of image, probabilities/);
  });

  it('stores nothing with persist=false', async () => {
    const body = (await (await segment(imageFile, 'case_000.png', '?persist=false')).json()) as { resultId: string | null };
    expect(body.resultId).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(((await (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).json()) as unknown[]).length).toBe(1);
  });

  it('scores a dataset pair against its ground truth', async () => {
    const res = await stack.fetch(`${stack.url}/api/models/${modelId}/segment-pair?persist=false`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: dataset.id, pairIndex: 1 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { groundTruth: string; dice: number; dicePerClass: number[] };
    expect(pngOf(body.groundTruth).subarray(0, 4)).toEqual(PNG_MAGIC);
    expect(body.dice).toBeGreaterThanOrEqual(0);
    expect(body.dicePerClass).toHaveLength(2);
  });

  it('returns exactly the mask of a direct forward of the same model, for PNG, DICOM and NIfTI input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medseg-direct-'));
    const modelDir = join(dir, 'model');
    mkdirSync(modelDir);
    const client = s3Client(stack);
    for (const file of ['model.json', 'best.safetensors']) {
      const object = await client.send(new GetObjectCommand({ Bucket: stack.config.s3.bucket, Key: `models/${modelId}/${file}` }));
      writeFileSync(join(modelDir, file), Buffer.from(await object.Body!.transformToByteArray()));
    }
    client.destroy();
    writeFileSync(join(dir, 'case.png'), imageFile);
    const made = spawnSync(
      services.PYTHON,
      [
        '-c',
        [
          'import sys, numpy as np',
          "sys.path.insert(0, 'tests')",
          'from archive_factory import dicom_bytes, gradient, nifti_bytes, volume_of',
          'out = sys.argv[1]',
          "open(f'{out}/case.dcm', 'wb').write(dicom_bytes(gradient(33, 35).astype(np.uint8)))",
          "vol = np.stack([gradient(33, 35, seed=s).astype(np.uint8) for s in range(3)])",
          "open(f'{out}/case.nii.gz', 'wb').write(nifti_bytes(volume_of(vol)))",
          'from PIL import Image',
          "rgb = np.zeros((33, 35, 3), np.uint8); rgb[..., 0] = 200; rgb[..., 2] = 40",
          "Image.fromarray(rgb).save(f'{out}/colour.png')",
        ].join('\n'),
        dir,
      ],
      { cwd: join(services.ROOT, 'ml-service') },
    );
    expect(made.status, made.stderr?.toString()).toBe(0);

    // testTimeMirroring: the mean over the image's mirror images, as the direct forward's --mirror.
    for (const [file, slice, mirror] of [['case.png', 0, false], ['case.dcm', 0, false], ['case.nii.gz', 1, false], ['case.png', 0, true]] as const) {
      const form = new FormData();
      form.set('sliceIndex', String(slice));
      form.set('image', new Blob([new Uint8Array(readFileSync(join(dir, file)))]), file);
      const query = `?persist=false${mirror ? '&testTimeMirroring=true' : ''}`;
      const res = await stack.fetch(`${stack.url}/api/models/${modelId}/segment${query}`, { method: 'POST', body: form });
      expect(res.status, file).toBe(200);
      const viaRest = pngOf(((await res.json()) as { mask: string }).mask);

      const out = join(dir, `${file}${mirror ? '.mirrored' : ''}.mask.png`);
      const direct = spawnSync(
        services.PYTHON,
        [join(services.ROOT, 'scripts/bench/infer-spawn.py'), modelDir, join(dir, file), '--slice', String(slice), '--out', out, ...(mirror ? ['--mirror'] : [])],
        { encoding: 'utf8' },
      );
      expect(direct.status, direct.stderr).toBe(0);
      expect(viaRest.equals(readFileSync(out)), `${file}${mirror ? ' mirrored' : ''}`).toBe(true);
    }
    const refused = await segment(imageFile, 'case_000.png', '?testTimeMirroring=maybe');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/testTimeMirroring must be true or false/);

    // A NIfTI input keeps its mask as NIfTI too, downloadable from the history.
    const form = new FormData();
    form.set('sliceIndex', '1');
    form.set('image', new Blob([new Uint8Array(readFileSync(join(dir, 'case.nii.gz')))]), 'case.nii.gz');
    const stored = (await (await stack.fetch(`${stack.url}/api/models/${modelId}/segment`, { method: 'POST', body: form })).json()) as { resultId: string };
    let listed: { id: string; maskNiftiUrl: string | null }[] = [];
    await waitUntil(async () => {
      listed = (await (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).json()) as typeof listed;
      return listed.some((r) => r.id === stored.resultId);
    });
    const entry = listed.find((r) => r.id === stored.resultId)!;
    expect(entry.maskNiftiUrl).toBe(`/api/inference-results/${stored.resultId}/mask?format=nifti`);
    const nifti = Buffer.from(await (await stack.fetch(`${stack.url}${entry.maskNiftiUrl}`)).arrayBuffer());
    expect(nifti.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(listed.find((r) => r.id !== stored.resultId)?.maskNiftiUrl ?? null).toBeNull();

    // sliceIndex after the file, as the web sends it: a slice past the last is refused, naming the count.
    for (const [file, slice, reason] of [
      ['case.nii.gz', 7, /slice_index 7 is out of range: the volume has \d+ slices/],
      ['colour.png', 0, /channel/i],
    ] as const) {
      const form = new FormData();
      form.set('image', new Blob([new Uint8Array(readFileSync(join(dir, file)))]), file);
      form.set('sliceIndex', String(slice));
      const res = await stack.fetch(`${stack.url}/api/models/${modelId}/segment?persist=false`, { method: 'POST', body: form });
      expect(res.status, file).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(reason);
    }
  }, 120_000);

  it('lists results with their file name, serves a colour mask, rebuilds them from S3 and deletes them', async () => {
    const { resultId } = (await (await segment(imageFile, 'case_000.png')).json()) as { resultId: string };
    type Listed = { id: string; fileName: string; maskUrl: string; maskColorUrl: string }[];
    const list = async () => (await (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).json()) as Listed;
    await waitUntil(async () => (await list()).some((r) => r.id === resultId));
    const before = await list();
    const entry = before.find((r) => r.id === resultId)!;
    expect(entry.fileName).toBe('case_000.png');

    // The index PNG is gray (colour type 0); the colour one the same pixels as a palette (type 3).
    const index = Buffer.from(await (await stack.fetch(`${stack.url}${entry.maskUrl}`)).arrayBuffer());
    const colour = await stack.fetch(`${stack.url}${entry.maskColorUrl}`);
    expect(colour.status).toBe(200);
    expect(colour.headers.get('content-type')).toMatch(/image\/png/);
    const palette = Buffer.from(await colour.arrayBuffer());
    expect([index[25], palette[25]]).toEqual([0, 3]);
    expect(palette.includes(Buffer.from('PLTE'))).toBe(true);

    // A new database: every stored result comes back from its result.json.
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitUntil(async () => (await stack.fetch(`${stack.url}/api/models/${modelId}/results`)).status === 200 && (await list()).length === before.length);
    expect((await list()).map((r) => [r.id, r.fileName]).sort()).toEqual(before.map((r) => [r.id, r.fileName]).sort());

    expect((await stack.fetch(`${stack.url}/api/inference-results/${resultId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await listKeys(stack, `inference/${resultId}/`)).toEqual([]);
    expect((await stack.fetch(`${stack.url}/api/inference-results/${resultId}`)).status).toBe(404);
    expect((await list()).some((r) => r.id === resultId)).toBe(false);
  }, 120_000);

  it.each([
    ['a text file', Buffer.from('hello'), 'notes.txt', 400],
    ['an empty file', Buffer.alloc(0), 'empty.png', 400],
  ])('answers 4xx with a reason for %s', async (_, data, name, status) => {
    const res = await segment(data, name);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(5);
  });

  it('answers 404 for an unknown model', async () => {
    const res = await stack.fetch(`${stack.url}/api/models/8a6e0804-2bd0-4672-b79d-d97027f8ab5f/load`, { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('refuses a model that is not completed with 409', async () => {
    const res = await createModel(stack, { name: 'busy', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
    const { id } = (await res.json()) as { id: string };
    const load = await stack.fetch(`${stack.url}/api/models/${id}/load`, { method: 'POST' });
    expect(load.status).toBe(409);
    await stack.fetch(`${stack.url}/api/models/${id}/cancel`, { method: 'POST' });
  });
});
