import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';

describe('health chip in the browser', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('reports S3, SQLite and the ml-service up', async () => {
    const { page, url } = platform;
    await page.goto(url);

    const chip = page.getByTestId('health-chip');
    await chip.and(page.locator('[data-status="up"]')).waitFor({ timeout: 30_000 });
    expect(await chip.innerText()).toContain('All systems up');

    await chip.click();
    for (const name of ['sqlite', 's3', 'ml-service']) {
      const dep = page.getByTestId(`health-dep-${name}`);
      await dep.waitFor();
      expect(await dep.getAttribute('data-status')).toBe('up');
    }
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'health-menu.png') });
  });

  it('navigates between Datasets, Training and Inference from the side navigation', async () => {
    const { page, url } = platform;
    await page.goto(url);
    await page.keyboard.press('Escape');
    for (const label of ['Training', 'Inference', 'Datasets']) {
      await page.getByRole('link', { name: label }).click();
      await page.waitForURL(`${url}/${label.toLowerCase()}`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(label);
    }
    // Let the ripple of the last click fade so the screenshot shows the resting page.
    await page.mouse.move(640, 700);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'datasets.png') });
  });

  it('serves the app for a deep link and 404s an unknown API path as JSON', async () => {
    const { page, url } = platform;
    const response = await page.goto(`${url}/training`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Training');

    const api = await platform.fetch(`${url}/api/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
