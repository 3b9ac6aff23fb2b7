/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhantomDataset, python, startTinyModel, waitForModel } from './fixtures';
import { type Platform, startPlatform } from './platform';

/**
 * The built app under the gateway's Content-Security-Policy: every page a person opens, the
 * viewer's data: images and canvases, the training charts and Swagger UI load without one
 * violation (the browser reports each as a console error and a securitypolicyviolation event).
 */
describe('Content-Security-Policy in the browser', () => {
  let platform: Platform;
  let datasetId: string;
  let modelId: string;
  let imagePath: string;
  const violations: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    datasetId = await createPhantomDataset(platform, [1, 2]);
    modelId = await startTinyModel(platform, datasetId, 'CSP segmenter');
    await waitForModel(platform, modelId);
    const dir = mkdtempSync(join(tmpdir(), 'medseg-e2e-csp-'));
    imagePath = join(dir, 'case.png');
    writeFileSync(imagePath, python(['from archive_factory import png_pairs', "sys.stdout.buffer.write(next(v for k, v in png_pairs(1).items() if k.startswith('images/')))"]));
    const { page } = platform;
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|CSP violation/.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => violations.push(`${page.url()}: ${e.message}`));
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('loads every page, the viewer and Swagger UI with no violation', async () => {
    const { page, url } = platform;
    // Nonce-carrying critical CSS and loader script: the page is styled, Angular has started.
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');

    await page.goto(`${url}/datasets/${datasetId}`);
    await page.locator('img[loading="lazy"]').first().waitFor();
    await page.waitForFunction(() => [...document.images].some((i) => i.complete && i.naturalWidth > 0));

    await page.goto(`${url}/training/${modelId}`);
    await page.locator('canvas').first().waitFor();

    await page.goto(`${url}/inference`);
    await page.getByTestId('inference-model').click();
    await page.getByRole('option', { name: /CSP segmenter/ }).click();
    await page.getByTestId('inference-file-input').setInputFiles(imagePath);
    await page.getByTestId('inference-timings').waitFor({ timeout: 30_000 });
    // The mask arrives as data: PNGs, drawn by NiiVue (WebGL2) in the viewer.
    await page.locator('[data-testid="inference-image"][data-state="ready"]').waitFor({ timeout: 30_000 });

    for (const path of ['/training', '/datasets']) {
      await page.goto(`${url}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    }

    await page.goto(`${url}/api/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(10);

    expect(violations).toEqual([]);
  });

  it('still blocks what the policy forbids (the check above can fail)', async () => {
    const { page, url } = platform;
    await page.goto(url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const before = violations.length;
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { background: red }';
      document.head.append(style);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(before);
    violations.length = before;
  });
});
