/// <reference lib="dom" />
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

describe('inference in the browser', () => {
  let platform: Platform;
  let imagePath: string;

  beforeAll(async () => {
    platform = await startPlatform();
    const dir = mkdtempSync(join(tmpdir(), 'medseg-e2e-infer-'));
    const made = spawnSync(services.PYTHON, ['tests/archive_factory.py', dir], { cwd: join(services.ROOT, 'ml-service') });
    if (made.status !== 0) throw new Error(made.stderr.toString());
    imagePath = join(dir, 'case_000.png');
    writeFileSync(imagePath, execFileSync('unzip', ['-p', join(dir, 'png_8bit.zip'), 'images/case_000.png']));

    const form = new FormData();
    form.set('name', 'phantoms');
    form.set('archive', new Blob([execFileSync('cat', [join(dir, 'png_8bit.zip')])]), 'png_8bit.zip');
    const dataset = await json<{ id: string }>(await platform.fetch(`${platform.url}/api/datasets`, { method: 'POST', body: form }));
    await services.waitFor('dataset ready', async () => (await json<{ status: string }>(await platform.fetch(`${platform.url}/api/datasets/${dataset.id}`))).status === 'ready');
    const model = await json<{ id: string }>(
      await platform.fetch(`${platform.url}/api/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Phantom segmenter', datasetId: dataset.id, hyperparameters: { epochs: 2, inputSize: 32, depth: 2, baseChannels: 4, validationFraction: 0.35 } }),
      }),
    );
    await services.waitFor('model trained', async () => (await json<{ status: string }>(await platform.fetch(`${platform.url}/api/models/${model.id}`))).status === 'completed', { timeoutMs: 120_000 });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('segments a dropped image into the volume viewer and redraws its mask as the threshold moves', async () => {
    const { page, url } = platform;
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.goto(`${url}/inference`);
    await page.getByTestId('inference-model').click();
    await page.getByRole('option', { name: /Phantom segmenter/ }).click();

    await page.getByTestId('inference-file-input').setInputFiles(imagePath);
    const stage = page.getByTestId('inference-image');
    const ready = '[data-testid="inference-image"][data-state="ready"]';
    await page.locator(ready).waitFor({ timeout: 60_000 });
    await page.getByTestId('inference-timings').waitFor();
    // A PNG is one slice: no planes or slice slider, and the legend names the model's label.
    expect(await stage.getAttribute('data-flat')).toBe('true');
    expect(await page.getByTestId('inference-image-layout').count()).toBe(0);
    expect(await page.getByTestId('inference-image-legend').textContent()).toMatch(/label \d+/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'inference.png') });

    const opacity = page.getByTestId('inference-image-opacity');
    await opacity.fill('0.2');
    await opacity.dispatchEvent('input');
    expect(Number(await stage.getAttribute('data-opacity'))).toBeCloseTo(0.2, 1);
    await page.getByTestId('inference-image-outline').click();
    // Zoneless change detection renders the attribute a frame after the click, not within it.
    await page.waitForFunction(() => document.querySelector('[data-testid="inference-image"]')!.getAttribute('data-outline') === 'true');

    // The threshold rebuilds the label map in the browser: the viewer loads it, nothing is asked again.
    const loads = Number(await stage.getAttribute('data-loads'));
    const threshold = page.getByTestId('inference-threshold');
    await threshold.fill('0.9');
    await threshold.dispatchEvent('input');
    await page.waitForFunction((n) => {
      const el = document.querySelector('[data-testid="inference-image"]')!;
      return Number(el.getAttribute('data-loads')) > n && el.getAttribute('data-state') === 'ready';
    }, loads);
    expect(await stage.getAttribute('data-outline')).toBe('true');
    expect(await page.getByTestId('inference-image-probe').textContent()).toMatch(/Pixel \d+, \d+\s+· value/);
    await page.locator('app-volume-viewer').screenshot({ path: join(SCREENSHOT_DIR, 'inference-threshold.png') });

    // The result was kept in the model's history: reopen it.
    await page.getByTestId('inference-history-open').first().click();
    await page.getByTestId('inference-input').getByText(/Stored result/).waitFor({ timeout: 15_000 });
    await page.locator(ready).waitFor({ timeout: 30_000 });

    // The history row names the file, offers a colour mask that is a palette PNG, and deletes.
    const name = page.getByTestId('inference-history-name').first();
    expect(await name.textContent()).toContain(basename(imagePath));
    const colourUrl = await page.getByTestId('inference-history-color').first().getAttribute('href');
    const colour = Buffer.from(await (await platform.fetch(`${url}${colourUrl}`)).arrayBuffer());
    expect(colour[25]).toBe(3);
    const rows = await page.getByTestId('inference-history-delete').count();
    await page.getByTestId('inference-history-delete').first().click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="inference-history-delete"]').length < n, rows);

    // With test-time mirroring on, the next image is asked for as the mean over its mirror images.
    await page.getByTestId('inference-mirroring').click();
    const mirrored = page.waitForResponse((r) => r.url().includes('/segment?') && r.url().includes('testTimeMirroring=true'));
    await page.getByTestId('inference-file-input').setInputFiles(imagePath);
    expect((await mirrored).status()).toBe(200);
    // The viewer takes the new result: flat (a PNG) again once it has loaded it.
    await page.locator(`${ready}[data-flat="true"]`).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'inference-mirroring.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
