/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhantomDataset, fullScreenshot, startTinyModel, waitForModel, waitForViewer } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';

describe('model comparison in the browser', () => {
  let platform: Platform;
  const ids: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    const datasetId = await createPhantomDataset(platform);
    // Two tiny U-Nets that differ in width (and so in their curves); the queue trains one at a time.
    for (const [name, baseChannels] of [['Narrow U-Net', 4], ['Wide U-Net', 8]] as const) {
      ids.push(await startTinyModel(platform, datasetId, name, { baseChannels }));
    }
    for (const id of ids) await waitForModel(platform, id);
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('shows both models side by side with the best values marked, their curves and predictions', async () => {
    const { page, url } = platform;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${url}/compare?ids=${ids.join(',')}`);

    const table = page.getByTestId('compare-table');
    await table.waitFor({ timeout: 30_000 });
    const heads = page.getByTestId('compare-model');
    await expect.poll(() => heads.count()).toBe(2);
    expect(await heads.nth(0).textContent()).toContain('Narrow U-Net');
    expect(await heads.nth(1).textContent()).toContain('Wide U-Net');
    expect(await page.getByTestId('best-marker').count()).toBeGreaterThan(0);
    expect(await table.locator('tr[data-row="encoder"]').getAttribute('class')).toContain('differs');

    // The chart has drawn something: some pixels of its canvas are not transparent.
    await page.waitForFunction(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="compare-chart"] canvas');
      const context = canvas?.getContext('2d');
      if (!canvas || !context || canvas.width === 0) return false;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
      return drawn > 500;
    });
    const chart = page.getByTestId('compare-chart');
    expect(await chart.getAttribute('data-lines')).toBe('2');
    // The loss view has a train and a validation line per model.
    await page.getByTestId('compare-curve-mode').getByText('Loss').click();
    await expect.poll(() => chart.getAttribute('data-lines')).toBe('4');
    await page.getByTestId('compare-curve-mode').getByText('Validation Dice').click();
    await expect.poll(() => chart.getAttribute('data-lines')).toBe('2');

    await page.getByTestId('compare-pair').click();
    await page.getByRole('option').first().click();
    const dice = page.getByTestId('compare-dice');
    await expect.poll(() => dice.count(), { timeout: 30_000 }).toBe(2);
    for (const text of await dice.allTextContents()) expect(text).toMatch(/Dice\s+\d\.\d{3}/);
    // The ground truth once, then each model's prediction alone, each a picture in the viewer.
    for (const id of ['compare-truth', 'compare-prediction-0', 'compare-prediction-1']) {
      await waitForViewer(platform, id, 60_000);
      expect(await page.getByTestId(id).getAttribute('data-flat')).toBe('true');
    }
    expect(await page.getByTestId('compare-truth-probe').textContent()).toContain('ground truth');
    expect(await page.getByTestId('compare-prediction-0-probe').textContent()).not.toContain('ground truth');
    await fullScreenshot(platform, 'compare.png', { settleMs: 800 });

    // The models table leads here too: tick both completed models and press Compare.
    await page.goto(`${url}/training`);
    const boxes = page.getByTestId('model-select');
    await expect.poll(() => boxes.count(), { timeout: 15_000 }).toBe(2);
    await boxes.nth(0).locator('input').check();
    await boxes.nth(1).locator('input').check();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'models-compare-select.png') });
    await page.getByTestId('model-compare').click();
    await page.waitForURL(/\/compare\?ids=/);
    await page.getByTestId('compare-table').waitFor();

    // A completed model offers evaluation, batch inference and export.
    await page.goto(`${url}/training/${ids[0]}`);
    await page.getByTestId('model-export').click();
    await page.getByTestId('model-export-onnx').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'model-actions.png') });
    await page.keyboard.press('Escape');
  });
});
