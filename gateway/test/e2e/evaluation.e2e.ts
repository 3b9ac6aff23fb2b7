/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhantomDataset, fullScreenshot, json, python, startTinyModel, waitForModel, waitForViewer } from './fixtures';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';

const SCANS = ['scans/case_000.png', 'scans/case_001.png', 'scans/case_002.png'];
const BROKEN = 'scans/broken.png';

/** A ZIP of images only for batch inference: three PNGs and one file named .png that is not a PNG. */
function batchArchive(): Buffer<ArrayBuffer> {
  return python([
    'import numpy as np',
    'from archive_factory import gradient, png_bytes, zip_bytes',
    `files = {name: png_bytes(gradient(seed=i).astype(np.uint8)) for i, name in enumerate(${JSON.stringify(SCANS)})}`,
    `files[${JSON.stringify(BROKEN)}] = b'this is not a PNG file'`,
    'sys.stdout.buffer.write(zip_bytes(files))',
  ]);
}

/** The entry names of a ZIP. */
function zipEntries(bytes: Buffer): string[] {
  const out = python(['import io, json, zipfile', 'print(json.dumps(zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).namelist()))'], bytes);
  return JSON.parse(out.toString()) as string[];
}

/** One 12 × 40 × 48 case at 2.5 × 0.8 × 0.8 mm (images/ + masks/), label 1 only: what the phantom model knows. */
function volumeArchive(): Buffer<ArrayBuffer> {
  return python([
    'import volume_factory as vf',
    'from archive_factory import zip_bytes',
    'image, mask, affine = vf.anisotropic_volume()',
    'mask[mask == 2] = 0',
    "files = {'vol/images/head.nii.gz': vf.nifti_bytes(vf.xyz(image), affine), 'vol/masks/head.nii.gz': vf.nifti_bytes(vf.xyz(mask), affine)}",
    'sys.stdout.buffer.write(zip_bytes(files))',
  ]);
}

/** The open dialog alone, once it has finished opening. */
async function dialogScreenshot({ page }: Platform, name: string): Promise<void> {
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.mat-mdc-dialog-container')!).opacity === '1');
  await page.locator('mat-dialog-container').screenshot({ path: join(SCREENSHOT_DIR, name) });
}

describe('evaluation and batch inference in the browser', () => {
  let platform: Platform;
  let modelId: string;

  beforeAll(async () => {
    platform = await startPlatform();
    const datasetId = await createPhantomDataset(platform);
    modelId = await startTinyModel(platform, datasetId, 'Phantom U-Net');
    await waitForModel(platform, modelId);
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('evaluates the validation pairs, lists them worst first and shows one in the viewer with its mask', async () => {
    const { page, url } = platform;
    const { split } = await json<{ split: { valCount: number } | null }>(await platform.fetch(`${url}/api/models/${modelId}`));
    expect(split?.valCount).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/training/${modelId}`);

    // The dialog's defaults: the model's own dataset, its validation pairs.
    await page.getByTestId('model-evaluate').click();
    await expect.poll(() => page.getByTestId('evaluate-dataset').textContent(), { timeout: 15_000 }).toContain('phantoms');
    expect(await page.getByTestId('evaluate-subset').locator('mat-radio-button.mat-mdc-radio-checked').textContent()).toContain('Validation pairs only');
    await page.getByTestId('evaluate-submit').click();
    await page.waitForURL(/\/evaluations\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="job-state"][data-state="completed"]').waitFor({ timeout: 120_000 });

    const aggregate = page.getByTestId('aggregate-table');
    await aggregate.waitFor();
    for (const [key, label] of [['dice', 'Dice'], ['iou', 'IoU'], ['hausdorff95', 'HD95'], ['surfaceDistance', 'ASD']]) {
      const row = aggregate.locator(`tr[data-metric="${key}"]`);
      expect(await row.locator('td').first().textContent()).toContain(label);
      expect((await row.locator('td').nth(1).textContent())?.trim()).toMatch(/^\d+\.\d+$/);
    }

    const rows = page.getByTestId('image-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(split!.valCount);
    const dice = (await page.getByTestId('image-dice').allTextContents()).map((text) => Number(text.trim()));
    expect(dice).toHaveLength(split!.valCount);
    for (const value of dice) expect(value).toBeGreaterThanOrEqual(0);
    expect(dice).toEqual([...dice].sort((a, b) => a - b));
    await fullScreenshot(platform, 'evaluation.png');

    const firstName = await rows.first().getAttribute('data-name');
    await rows.first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => page.getByTestId('image-dialog-name').textContent()).toBe(firstName);
    // One viewer in its one-slice mode: the picture with the prediction and the ground truth over it.
    await waitForViewer(platform, 'image-dialog-viewer', 60_000);
    const stage = page.getByTestId('image-dialog-viewer');
    expect(await stage.getAttribute('data-flat')).toBe('true');
    expect(await page.getByTestId('image-dialog-viewer-legend').textContent()).toMatch(/label \d+/);
    const text = await dialog.textContent();
    expect(text).toContain('Prediction');
    expect(text).toContain('Ground truth');
    expect(await page.getByTestId('image-dialog-dice').textContent()).toMatch(/Dice\s+\d\.\d{3}/);
    await page.getByTestId('image-dialog-viewer-outline').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="image-dialog-viewer"]')!.getAttribute('data-outline') === 'true');
    expect(await page.getByTestId('image-dialog-viewer-probe').textContent()).toMatch(/prediction .*· ground truth/);
    await dialogScreenshot(platform, 'evaluation-image.png');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('opens a volume row as the whole case in the volume viewer, with its scores in mm', async () => {
    const { page, url, fetch } = platform;
    const form = new FormData();
    form.set('name', 'volumes');
    form.set('archive', new Blob([volumeArchive()]), 'volumes.zip');
    const dataset = await json<{ id: string }>(await fetch(`${url}/api/datasets`, { method: 'POST', body: form }));
    await services.waitFor('volumes ready', async () => (await json<{ status: string }>(await fetch(`${url}/api/datasets/${dataset.id}`))).status === 'ready');
    const started = await json<{ id: string }>(
      await fetch(`${url}/api/models/${modelId}/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ datasetId: dataset.id, subset: 'all' }) }),
    );
    await services.waitFor('volume evaluation', async () => (await json<{ state: string }>(await fetch(`${url}/api/evaluations/${started.id}`))).state === 'completed', { timeoutMs: 60_000 });

    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${url}/evaluations/${started.id}`);
    await page.getByTestId('image-row').first().click();
    // The whole case is segmented once (kept in the history), then browsed in the volume viewer.
    await waitForViewer(platform, 'image-dialog-volume', 60_000);
    const stage = page.getByTestId('image-dialog-volume');
    expect(Number(await stage.getAttribute('data-slices'))).toBe(12);
    expect(await stage.getAttribute('data-flat')).toBe('false');
    expect(await page.getByTestId('image-dialog-volume-probe').textContent()).toContain('ground truth');
    const scores = page.getByTestId('inference-volume-scores');
    expect(await scores.locator('caption').textContent()).toMatch(/distances in\s+mm/);
    expect(await scores.locator('tbody tr').first().locator('th').textContent()).toMatch(/label 1|\(1\)/);
    await dialogScreenshot(platform, 'evaluation-volume.png');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('segments an uploaded ZIP, lists the file it could not read and serves the masks', async () => {
    const { page, url } = platform;
    await page.goto(`${url}/training/${modelId}`);
    await page.getByTestId('model-batch').click();
    await page.getByTestId('batch-file-input').setInputFiles({ name: 'scans.zip', mimeType: 'application/zip', buffer: batchArchive() });
    await page.getByTestId('batch-drop-zone').getByText('scans.zip').waitFor();
    await page.getByTestId('batch-submit').click();
    await page.waitForURL(/\/batches\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="job-state"][data-state="completed"]').waitFor({ timeout: 120_000 });

    const failures = page.getByTestId('batch-failures').locator('tbody tr');
    await expect.poll(() => failures.count()).toBe(1);
    expect(await failures.first().locator('td').first().textContent()).toBe(BROKEN);
    expect((await failures.first().locator('td').nth(1).textContent())?.trim()).not.toBe('');
    const stat = (label: string) => page.getByTestId('batch-summary').locator('.stat').filter({ has: page.locator('.stat-label', { hasText: label }) });
    expect(await stat('Images').locator('.stat-value').textContent()).toBe('4');
    expect(await stat('Images').locator('.stat-sub').textContent()).toBe('3 segmented');
    expect(await stat('Failed').locator('.stat-value').textContent()).toBe('1');

    const href = await page.getByTestId('batch-masks').getAttribute('href');
    const res = await platform.fetch(new URL(href!, url));
    expect(res.status).toBe(200);
    const entries = zipEntries(Buffer.from(await res.arrayBuffer()));
    expect(entries.sort()).toEqual([...SCANS].sort());
    await fullScreenshot(platform, 'batch.png');
  });
});
