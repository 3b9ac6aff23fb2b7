/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Runs a Python snippet in ml-service (its test factories on the path) and returns its stdout. */
function python(lines: string[], input?: Buffer): Buffer<ArrayBuffer> {
  const script = ['import sys', "sys.path.insert(0, 'tests')", ...lines].join('\n');
  const result = spawnSync(services.PYTHON, ['-c', script], { cwd: join(services.ROOT, 'ml-service'), input, maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(result.stderr.toString());
  return result.stdout;
}

/** 12 small PNG pairs with one label: trains two epochs in seconds on a CPU. */
function archive(): Blob {
  return new Blob([python(['from archive_factory import png_pairs, zip_bytes', 'sys.stdout.buffer.write(zip_bytes(png_pairs(12)))'])]);
}

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

/** Waits until the canvas has painted and holds more than a few non-transparent pixels. */
async function waitForDrawnCanvas(platform: Platform, testId: string): Promise<void> {
  await platform.page.waitForFunction(
    (id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
      if (!canvas || Number(canvas.getAttribute('data-rendered') ?? 0) === 0 || canvas.width === 0) return false;
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!pixels) return false;
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
      return drawn > 100;
    },
    testId,
    { timeout: 30_000 },
  );
}

/** The page scrolls inside the sidenav content, so fullPage would only show the viewport: make the window as tall as the page. */
async function fullScreenshot(platform: Platform, name: string): Promise<void> {
  const { page } = platform;
  const height = await page.evaluate(() => document.querySelector('mat-sidenav-content')!.scrollHeight + 64);
  await page.setViewportSize({ width: 1440, height: Math.max(900, height) });
  await page.screenshot({ path: join(SCREENSHOT_DIR, name) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('evaluation and batch inference in the browser', () => {
  let platform: Platform;
  let modelId: string;

  beforeAll(async () => {
    platform = await startPlatform();
    const { url } = platform;
    const form = new FormData();
    form.set('name', 'phantoms');
    form.set('archive', archive(), 'phantoms.zip');
    const dataset = await json<{ id: string }>(await fetch(`${url}/api/datasets`, { method: 'POST', body: form }));
    await services.waitFor('dataset ready', async () => (await json<{ status: string }>(await fetch(`${url}/api/datasets/${dataset.id}`))).status === 'ready');
    const model = await json<{ id: string }>(
      await fetch(`${url}/api/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Phantom U-Net', datasetId: dataset.id, hyperparameters: { epochs: 2, inputSize: 32, depth: 2, baseChannels: 4, validationFraction: 0.35 } }),
      }),
    );
    modelId = model.id;
    await services.waitFor('model trained', async () => (await json<{ status: string }>(await fetch(`${url}/api/models/${modelId}`))).status === 'completed', { timeoutMs: 180_000 });
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('evaluates the validation pairs, lists them worst first and shows one beside its mask', async () => {
    const { page, url } = platform;
    const { split } = await json<{ split: { valCount: number } | null }>(await fetch(`${url}/api/models/${modelId}`));
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
    await waitForDrawnCanvas(platform, 'image-dialog-prediction');
    await waitForDrawnCanvas(platform, 'image-dialog-truth');
    const text = await dialog.textContent();
    expect(text).toContain('Prediction');
    expect(text).toContain('Ground truth');
    expect(await page.getByTestId('image-dialog-dice').textContent()).toMatch(/Dice\s+\d\.\d{3}/);
    // Side by side: the truth panel is to the right of the prediction, on the same line.
    const prediction = (await page.getByTestId('image-dialog-prediction').boundingBox())!;
    const truth = (await page.getByTestId('image-dialog-truth').boundingBox())!;
    expect(truth.x).toBeGreaterThanOrEqual(prediction.x + prediction.width);
    expect(Math.abs(truth.y - prediction.y)).toBeLessThan(prediction.height / 2);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'evaluation-image.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
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
    const res = await fetch(new URL(href!, url));
    expect(res.status).toBe(200);
    const entries = zipEntries(Buffer.from(await res.arrayBuffer()));
    expect(entries.sort()).toEqual([...SCANS].sort());
    await fullScreenshot(platform, 'batch.png');
  });
});
