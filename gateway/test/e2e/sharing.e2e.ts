/// <reference lib="dom" />
import { join } from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, phantomArchive } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';

const PASSWORD = 'lab researcher password';
const RESEARCHERS = [
  { username: 'alice', displayName: 'Alice Archer' },
  { username: 'bob', displayName: 'Bob Baker' },
];

describe('ownership and sharing in the browser', () => {
  let platform: Platform;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    for (const user of RESEARCHERS) {
      await json(
        await platform.fetch(`${platform.url}/api/admin/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...user, role: 'researcher', password: PASSWORD }),
        }),
      );
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await platform?.stop();
  });

  /** A browser of its own (cookies apart), signed in through the login page. */
  async function signInAs(username: string): Promise<Page> {
    const context = await platform.browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${platform.url}/login`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/datasets$/);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
  }

  it('keeps an upload private until its owner shares it; then others train on it but cannot delete it', async () => {
    const { url } = platform;
    const alice = await signInAs('alice');
    const bob = await signInAs('bob');

    // Alice uploads a dataset: hers, private.
    await alice.getByTestId('upload-name').fill('lab-phantoms');
    await alice.getByTestId('dataset-file-input').setInputFiles({
      name: 'phantoms.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(await phantomArchive().arrayBuffer()),
    });
    const aliceRow = alice.locator('[data-testid="dataset-row"][data-name="lab-phantoms"]');
    await aliceRow.and(alice.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    expect(await aliceRow.getByTestId('owner-name').innerText()).toBe('Alice Archer');
    expect(await aliceRow.getByTestId('visibility').getAttribute('data-visibility')).toBe('private');
    const id = (await aliceRow.getAttribute('data-id'))!;
    await shot(alice, 'sharing-alice-datasets-private.png');

    // Bob sees nothing of it: not in his list, and its page is "not found", not "forbidden".
    await bob.reload();
    await bob.getByText('No datasets yet').waitFor();
    await bob.goto(`${url}/datasets/${id}`);
    await bob.getByText('Dataset not found').waitFor();
    expect((await bob.request.get(`${url}/api/datasets/${id}`)).status()).toBe(404);

    // Alice shares it from its page.
    await alice.getByRole('link', { name: 'lab-phantoms' }).click();
    await alice.getByTestId('sharing-panel').waitFor();
    await alice.getByTestId('sharing-toggle').getByRole('switch').click();
    await alice.locator('[data-testid="visibility"][data-visibility="shared"]').waitFor();
    expect(await alice.getByTestId('dataset-delete').count()).toBe(1);
    await shot(alice, 'sharing-alice-dataset-shared.png');

    // Bob now sees it as Alice's, shared, and may train on it, but not share or delete it.
    await bob.goto(`${url}/datasets`);
    const bobRow = bob.locator(`[data-testid="dataset-row"][data-id="${id}"]`);
    await bobRow.waitFor();
    expect(await bobRow.getByTestId('owner-name').innerText()).toBe('Alice Archer');
    expect(await bobRow.getByTestId('visibility').getAttribute('data-visibility')).toBe('shared');
    // The owner filter asks the gateway: none of Bob's own, Alice's among others'.
    await bob.getByTestId('list-owner').click();
    await bob.getByRole('option', { name: 'Mine' }).click();
    await bob.getByTestId('list-no-match').waitFor();
    // The closing panel's backdrop would swallow the next click.
    await bob.locator('.cdk-overlay-backdrop').waitFor({ state: 'detached' });
    await bob.getByTestId('list-owner').click();
    await bob.getByRole('option', { name: 'Others’' }).click();
    await bobRow.waitFor();
    await shot(bob, 'sharing-bob-datasets.png');
    await bobRow.getByRole('link', { name: 'lab-phantoms' }).click();
    await bob.getByTestId('dataset-train').waitFor();
    expect(await bob.getByTestId('sharing-panel').innerText()).toContain('Alice Archer');
    expect(await bob.getByTestId('dataset-delete').count()).toBe(0);
    expect(await bob.getByTestId('sharing-toggle').count()).toBe(0);
    await shot(bob, 'sharing-bob-dataset-detail.png');

    // The gateway refuses Bob's delete too (signed in by his session cookie, same origin).
    const refused = await bob.request.delete(`${url}/api/datasets/${id}`, { headers: { origin: url } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain('Alice Archer');

    // Bob trains on Alice's dataset: the form offers it (named with its owner) and the model is his.
    await bob.getByTestId('dataset-train').click();
    await bob.getByTestId('training-form').waitFor();
    expect(await bob.getByTestId('training-dataset').innerText()).toContain('Alice Archer');
    await bob.getByTestId('training-name').fill('Bob on lab phantoms');
    await bob.getByTestId('training-epochs').fill('1');
    await shot(bob, 'sharing-bob-training-form.png');
    await bob.getByTestId('training-submit').click();
    await bob.waitForURL(/\/training\/[0-9a-f-]{36}$/);
    await bob.getByTestId('sharing-panel').waitFor();
    expect(await bob.getByTestId('sharing-panel').innerText()).toContain('Bob Baker');
    expect(await bob.getByTestId('visibility').getAttribute('data-visibility')).toBe('private');
    await shot(bob, 'sharing-bob-model-detail.png');

    await bob.goto(`${url}/training`);
    const modelRow = bob.locator('[data-testid="model-row"][data-name="Bob on lab phantoms"]');
    await modelRow.waitFor();
    expect(await modelRow.getByTestId('owner-name').innerText()).toBe('Bob Baker');
    await shot(bob, 'sharing-bob-models.png');

    // An admin sees everyone's, private ones included, each with its owner.
    const admin = platform.page;
    await admin.goto(`${url}/training`);
    const adminRow = admin.locator('[data-testid="model-row"][data-name="Bob on lab phantoms"]');
    await adminRow.waitFor();
    expect(await adminRow.getByTestId('owner-name').innerText()).toBe('Bob Baker');
    expect(await adminRow.getByTestId('visibility').getAttribute('data-visibility')).toBe('private');
    await admin.setViewportSize({ width: 1440, height: 900 });
    await shot(admin, 'sharing-admin-models.png');

    // The dataset is still there for Alice.
    expect((await alice.request.get(`${url}/api/datasets/${id}`)).status()).toBe(200);
  });
});
