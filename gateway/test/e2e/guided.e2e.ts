/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, python, startTinyModel, waitForModel } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/** Odd sizes on purpose: 48 rows, 64 columns. */
const [HEIGHT, WIDTH] = [48, 64];
const LABELLED = 8;

/** images/ + masks/ PNGs of a bright block on dark noise, and one image without a mask (the queue's case). */
function blocksArchive(): Blob {
  return new Blob([
    python([
      'import numpy as np',
      'from archive_factory import png_bytes, zip_bytes',
      `H, W = ${HEIGHT}, ${WIDTH}`,
      'files = {}',
      `for i in range(${LABELLED + 1}):`,
      '    rng = np.random.default_rng(i)',
      '    image = rng.normal(40, 4, (H, W))',
      '    mask = np.zeros((H, W), np.uint8)',
      '    top, left = 22 + i % 4, 14 + 2 * (i % 5)',
      '    mask[top : top + 18, left : left + 28] = 1',
      '    image[mask == 1] += 150',
      "    files[f'images/case_{i:03d}.png'] = png_bytes(np.clip(image, 0, 255).astype(np.uint8))",
      `    if i < ${LABELLED}:`,
      "        files[f'masks/case_{i:03d}.png'] = png_bytes(mask)",
      'sys.stdout.buffer.write(zip_bytes(files))',
    ]),
  ]);
}

describe('guided segmentation in the annotation editor', () => {
  let platform: Platform;
  let datasetId: string;

  beforeAll(async () => {
    platform = await startPlatform();
    const { url, fetch } = platform;
    const form = new FormData();
    form.set('name', 'guided-blocks');
    form.set('archive', blocksArchive(), 'blocks.zip');
    datasetId = (await json<{ id: string }>(await fetch(`${url}/api/datasets`, { method: 'POST', body: form }))).id;
    await services.waitFor('dataset ready', async () => (await json<{ status: string }>(await fetch(`${url}/api/datasets/${datasetId}`))).status === 'ready');
    const modelId = await startTinyModel(platform, datasetId, 'Guided blocks', { epochs: 6, validationFraction: 0.25, guided: true });
    await waitForModel(platform, modelId);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('opens a case in a session, changes the mask with each click, and undoes a click', async () => {
    const { page, url } = platform;
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${url}/datasets/${datasetId}/annotate`);
    await page.getByTestId('annotation-model').click();
    await page.getByRole('option', { name: /Guided blocks/ }).click();
    const queue = page.getByTestId('annotation-queue');
    await queue.getByRole('button').first().click();
    const stage = page.getByTestId('annotation-viewer');
    await page.locator('[data-testid="annotation-viewer"][data-editing="true"]').waitFor({ timeout: 60_000 });
    await expect
      .poll(async () => `${await stage.getAttribute('data-guided')} ${await page.locator('app-annotation-page [role="alert"]').allTextContents()}`, { timeout: 30_000 })
      .toBe('ready ');

    // The picture is letterboxed in a square stage: the canvas point at the centre of a pixel.
    const canvas = stage.locator('canvas');
    await stage.scrollIntoViewIfNeeded();
    const at = async (col: number, row: number) => {
      const box = (await canvas.boundingBox())!;
      const side = Math.min(box.width, (box.height * WIDTH) / HEIGHT);
      const [w, h] = [side, (side * HEIGHT) / WIDTH];
      return { x: box.x + (box.width - w) / 2 + ((col + 0.5) / WIDTH) * w, y: box.y + (box.height - h) / 2 + ((row + 0.5) / HEIGHT) * h };
    };
    const voxels = async () => Number(await stage.getAttribute('data-mask-voxels'));
    const prompts = async () => Number(await stage.getAttribute('data-prompts'));
    const settled = async (count: number) => {
      await expect.poll(prompts, { timeout: 20_000 }).toBe(count);
      await expect.poll(async () => page.getByTestId('annotation-viewer-segmenting').count()).toBe(0);
    };

    const tool = page.getByTestId('annotation-viewer-tool-click');
    expect(await tool.isDisabled()).toBe(false);
    await tool.click();
    const start = await voxels();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'guided-open.png') });

    // A positive click in the background above the block asks for more there.
    const first = await at(50, 8);
    await page.mouse.click(first.x, first.y);
    await settled(1);
    const afterFirst = await voxels();
    expect(afterFirst).not.toBe(start);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'guided-click-1.png') });

    // A negative click (right button) inside the block asks for less there.
    const second = await at(30, 32);
    await page.mouse.click(second.x, second.y, { button: 'right' });
    await settled(2);
    const afterSecond = await voxels();
    expect(afterSecond).not.toBe(afterFirst);
    await expect.poll(async () => stage.locator('svg.marks circle').count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'guided-click-2.png') });

    // Undo takes the second click back: its mask, and its prompt out of the list.
    await stage.focus();
    await page.keyboard.press('Control+z');
    await settled(1);
    expect(await voxels()).toBe(afterFirst);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'guided-undo.png') });

    // A box (drag) and a negative lasso (Shift) are prompts too, drawn over the slice.
    await page.keyboard.press('x');
    const [a, b] = [await at(8, 20), await at(24, 40)];
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 8 });
    await page.mouse.up();
    await settled(2);
    expect(await stage.locator('svg.marks rect').count()).toBe(1);
    await page.keyboard.press('l');
    const outline = [await at(40, 30), await at(56, 30), await at(56, 44), await at(40, 44)];
    await page.keyboard.down('Shift');
    await page.mouse.move(outline[0].x, outline[0].y);
    await page.mouse.down();
    for (const p of outline.slice(1)) await page.mouse.move(p.x, p.y, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await settled(3);
    expect(await stage.locator('svg.marks g.negative polygon').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'guided-box-lasso.png') });

    // The result stays editable: the save button is there as for any other edit.
    expect(await page.getByTestId('annotation-save').isDisabled()).toBe(false);
  }, 120_000);
});
