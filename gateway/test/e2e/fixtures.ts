/// <reference lib="dom" />
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type Platform, SCREENSHOT_DIR } from './platform';

type Api = Pick<Platform, 'url' | 'fetch'>;
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/** What the browser tests set up over REST before they open a page: data, models, screenshots. */

export async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Runs a Python snippet in ml-service (its test factories on the path) and returns its stdout. */
export function python(lines: string[], input?: Buffer): Buffer<ArrayBuffer> {
  const script = ['import sys', "sys.path.insert(0, 'tests')", ...lines].join('\n');
  const result = spawnSync(services.PYTHON, ['-c', script], { cwd: join(services.ROOT, 'ml-service'), input, maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(result.stderr.toString());
  return result.stdout;
}

/** 12 small PNG pairs (`labels` as mask values): trains two epochs in seconds on a CPU. */
export function phantomArchive(labels: readonly number[] = [1]): Blob {
  return new Blob([python(['from archive_factory import png_pairs, zip_bytes', `sys.stdout.buffer.write(zip_bytes(png_pairs(12, labels=(${labels.join(', ')},))))`])]);
}

/** Uploads the phantom archive as dataset "phantoms" and waits until it is ready; returns its id. */
export async function createPhantomDataset({ url, fetch }: Api, labels: readonly number[] = [1]): Promise<string> {
  const form = new FormData();
  form.set('name', 'phantoms');
  form.set('archive', phantomArchive(labels), 'phantoms.zip');
  const dataset = await json<{ id: string }>(await fetch(`${url}/api/datasets`, { method: 'POST', body: form }));
  await services.waitFor('dataset ready', async () => (await json<{ status: string }>(await fetch(`${url}/api/datasets/${dataset.id}`))).status === 'ready');
  return dataset.id;
}

/** Hyper-parameters of a U-Net that trains two epochs on the phantoms in seconds. */
export const TINY_HYPERPARAMETERS = { epochs: 2, inputSize: 32, depth: 2, baseChannels: 4, validationFraction: 0.35 };

/** Queues a tiny model over REST; returns its id at once (see waitForModel). */
export async function startTinyModel({ url, fetch }: Api, datasetId: string, name: string, hyperparameters: Record<string, unknown> = {}): Promise<string> {
  const model = await json<{ id: string }>(
    await fetch(`${url}/api/models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, datasetId, hyperparameters: { ...TINY_HYPERPARAMETERS, ...hyperparameters } }),
    }),
  );
  return model.id;
}

export async function waitForModel({ url, fetch }: Api, modelId: string): Promise<void> {
  await services.waitFor('model trained', async () => (await json<{ status: string }>(await fetch(`${url}/api/models/${modelId}`))).status === 'completed', { timeoutMs: 180_000 });
}

/** An object the gateway stored, read straight from the platform's SeaweedFS. */
export async function s3Object({ s3 }: Pick<Platform, 's3'>, key: string): Promise<Buffer> {
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: s3.credentials });
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  } finally {
    client.destroy();
  }
}

/** Waits until the volume viewer `testId` has drawn its files (NiiVue's stage says `data-state="ready"`). */
export async function waitForViewer(platform: Platform, testId: string, timeout = 30_000): Promise<void> {
  await platform.page.locator(`[data-testid="${testId}"][data-state="ready"]`).waitFor({ timeout });
}

/** The page scrolls inside the sidenav content, so fullPage would only show the viewport: make the window as tall as the page. */
export async function fullScreenshot(platform: Platform, name: string, { settleMs = 0 } = {}): Promise<void> {
  const { page } = platform;
  const height = await page.evaluate(() => document.querySelector('mat-sidenav-content')!.scrollHeight + 64);
  await page.setViewportSize({ width: 1440, height: Math.max(900, height) });
  // Charts animate after a resize.
  if (settleMs) await page.waitForTimeout(settleMs);
  await page.screenshot({ path: join(SCREENSHOT_DIR, name) });
  await page.setViewportSize({ width: 1440, height: 900 });
}
