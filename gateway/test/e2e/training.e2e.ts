/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phantomArchive } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

describe('training in the browser', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
    const form = new FormData();
    form.set('name', 'phantoms');
    form.set('archive', phantomArchive([1, 2]), 'phantoms.zip');
    const created = (await (await platform.fetch(`${platform.url}/api/datasets`, { method: 'POST', body: form })).json()) as { id: string };
    await services.waitFor('dataset ready', async () => {
      const d = (await (await platform.fetch(`${platform.url}/api/datasets/${created.id}`)).json()) as { status: string };
      return d.status === 'ready';
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('starts a 2-epoch training from the form, plots two points and ends completed', async () => {
    const { page, url } = platform;
    await page.goto(`${url}/training`);
    await page.getByTestId('training-form').waitFor();

    await page.getByTestId('training-dataset').click();
    await page.getByRole('option', { name: /phantoms/ }).click();
    await page.getByTestId('training-name').fill('Phantom U-Net');
    await page.getByTestId('training-epochs').fill('2');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'training-form.png') });
    await page.getByTestId('training-submit').click();

    await page.waitForURL(/\/training\/[0-9a-f-]{36}$/);
    const loss = page.getByTestId('loss-chart');
    await loss.and(page.locator('[data-points="2"]')).waitFor({ timeout: 120_000 });
    await page.getByTestId('dice-chart').and(page.locator('[data-points="2"]')).waitFor();
    await page.getByTestId('model-status').getByText(/completed/i).waitFor({ timeout: 30_000 });
    // What post-processing the validation slices chose (or why none), from the model's card.
    await page.getByTestId('model-post-processing').waitFor();
    expect(await page.getByTestId('model-post-processing-note').textContent()).toMatch(/validation/);
    await page.getByTestId('model-post-processing').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'model-info.png') });
    // Let the charts finish their last animation.
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'training-completed.png'), fullPage: true });

    await page.goto(`${url}/training`);
    const row = page.locator('[data-testid="model-row"][data-name="Phantom U-Net"]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('completed');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'models-list.png') });
  });
});
