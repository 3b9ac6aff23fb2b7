/// <reference lib="dom" />
// Browser-side callbacks (page.evaluate, waitForFunction) run in chromium and use DOM types.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullScreenshot, json, python } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/** 12 PNG pairs plus 600 kB of incompressible notes, so a throttled upload takes a few seconds. */
function archiveBytes(): Buffer {
  const script = [
    'import os, sys, zipfile',
    "sys.path.insert(0, 'tests')",
    'from archive_factory import png_pairs, zip_bytes',
    'files = png_pairs(12, labels=(1, 2))',
    "files['notes/scanner-log.bin'] = os.urandom(600_000)",
    'sys.stdout.buffer.write(zip_bytes(files))',
  ].join('\n');
  const result = spawnSync(services.PYTHON, ['-c', script], { cwd: join(services.ROOT, 'ml-service'), maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(`could not build the archive: ${result.stderr.toString()}`);
  return result.stdout;
}

describe('datasets in the browser', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('uploads a dropped ZIP with a progress bar, shows it ready and opens its thumbnails', async () => {
    const { page, url } = platform;
    await page.goto(`${url}/datasets`);
    await page.getByTestId('dataset-drop-zone').waitFor();

    // Throttle uploads so the progress bar is on screen long enough to be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 200 * 1024,
    });

    const bytes = archiveBytes().toString('base64');
    const drop = await page.evaluateHandle((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'knee-mri.zip', { type: 'application/zip' }));
      return transfer;
    }, bytes);
    await page.getByTestId('dataset-drop-zone').dispatchEvent('dragenter', { dataTransfer: drop });
    await page.getByTestId('dataset-drop-zone').dispatchEvent('drop', { dataTransfer: drop });

    const progress = page.getByTestId('upload-progress');
    await progress.waitFor({ timeout: 10_000 });
    expect(await progress.innerText()).toContain('knee-mri.zip');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'datasets-uploading.png') });
    await progress.waitFor({ state: 'detached', timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const row = page.locator('[data-testid="dataset-row"][data-name="knee-mri"]');
    await row.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'datasets-ready.png') });

    await row.getByRole('link', { name: 'knee-mri' }).click();
    const thumbnails = page.getByTestId('dataset-thumbnail');
    await thumbnails.first().waitFor({ timeout: 30_000 });
    expect(await thumbnails.count()).toBe(12);
    // Every thumbnail must have loaded a real image, not a broken icon.
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="dataset-thumbnail"] img, img[data-testid="dataset-thumbnail"]')].every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    expect(await page.getByTestId('stat-pairs').innerText()).toContain('12');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dataset-detail.png'), fullPage: true });

    await thumbnails.first().click();
    await page.getByTestId('pair-preview').waitFor();
    // Let the dialog finish opening before the screenshot.
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.mat-mdc-dialog-container')!).opacity === '1');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'pair-preview.png') });
  });

  it('shows the cases, fingerprint and label names of an MSD dataset of volumes', async () => {
    const { page, url, fetch } = platform;
    // 2 labelled cases of 2 channels and 1 unlabeled (imagesTs/), labels "liver" and "tumour".
    const archive = python(['import volume_factory', 'from archive_factory import zip_bytes', 'sys.stdout.buffer.write(zip_bytes(volume_factory.msd_files(cases=2, channels=2, with_test=1)))']);
    const form = new FormData();
    form.set('name', 'Task01_Liver');
    form.set('archive', new Blob([archive]), 'Task01_Liver.zip');
    const { id } = await json<{ id: string }>(await fetch(`${url}/api/datasets`, { method: 'POST', body: form }));

    await page.goto(`${url}/datasets/${id}`);
    await page.locator('[data-testid="dataset-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    const rows = page.getByTestId('case-row');
    await rows.nth(2).waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(3);
    expect(await page.getByTestId('case-unlabeled').count()).toBe(1);
    expect(await page.getByTestId('case-label-header').allInnerTexts()).toEqual(['liver mL', 'tumour mL']);
    expect(await page.getByTestId('case-spacing').first().innerText()).toBe('2.5 × 0.8 × 0.8');
    expect(await page.getByTestId('dataset-layout').innerText()).toContain('MSD');
    expect(await page.getByTestId('fingerprint-shape').innerText()).toContain('12 × 40 × 48');
    expect(await page.getByTestId('fingerprint-class').allInnerTexts()).toEqual([
      expect.stringContaining('background'),
      expect.stringContaining('liver'),
      expect.stringContaining('tumour'),
    ]);
    await fullScreenshot(platform, 'dataset-volumes.png');
  });
});
