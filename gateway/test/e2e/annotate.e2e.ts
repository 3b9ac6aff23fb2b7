/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, python, s3Object, startTinyModel, waitForModel } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/** Odd sizes on purpose (a row/column swap shows): 48 rows, 64 columns. */
const [HEIGHT, WIDTH] = [48, 64];
const LABELLED = 10;
const UNLABELED = 3;

/**
 * images/ + masks/ PNGs: dark noise with a bright block and its mask, and UNLABELED more images
 * without a mask (the annotation queue's cases). The block stays in the lower half, so a model
 * leaves the top rows background.
 */
function annotationArchive(): Blob {
  return new Blob([
    python([
      'import numpy as np',
      'from archive_factory import png_bytes, zip_bytes',
      `H, W = ${HEIGHT}, ${WIDTH}`,
      'files = {}',
      `for i in range(${LABELLED + UNLABELED}):`,
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

/** Label values of mask files (NIfTI on a one-slice case's grid, or PNG) as HEIGHT × WIDTH rows. */
function decodeMasks(dir: string, files: Record<string, Buffer>): Record<string, number[][]> {
  const paths = Object.entries(files).map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return [name, path];
  });
  const out = python(
    [
      'import gzip, json, io, nibabel as nib, numpy as np',
      'from PIL import Image',
      'out = {}',
      `for name, path in json.loads(sys.stdin.read()):`,
      '    raw = open(path, "rb").read()',
      '    if name.endswith(".png"):',
      '        data = np.asarray(Image.open(io.BytesIO(raw)))',
      '    else:',
      '        raw = gzip.decompress(raw) if raw[:2] == b"\\x1f\\x8b" else raw',
      '        # A one-slice case lies on a display grid: source axes are (slice, row, column).',
      '        data = np.asarray(nib.Nifti1Image.from_bytes(raw).dataobj)',
      `    assert data.size == ${HEIGHT * WIDTH}, (name, data.shape)`,
      `    out[name] = data.reshape(${HEIGHT}, ${WIDTH}).astype(int).tolist()`,
      'print(json.dumps(out))',
    ],
    Buffer.from(JSON.stringify(paths)),
  );
  return JSON.parse(out.toString()) as Record<string, number[][]>;
}

interface Versions {
  version: number;
  parent: number | null;
  labelledCases: number;
  unlabeledCases: number;
  changes: { caseIndex: number; caseName: string; annotationId: string; kind: string }[];
}

interface ModelBody {
  id: string;
  name: string;
  version: number;
  status: string;
  datasetVersion: number;
  parentModelId: string | null;
  childModelIds: string[];
  epochs: number;
}

/** A pixel of the case as the page's probe names it (native voxel: slice, row, column). */
interface Pixel {
  row: number;
  col: number;
}

/** Waits until the page's finite animations (a dialog opening) are done, for a screenshot. */
async function settled(page: Platform['page']): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

describe('annotating a case in the browser', () => {
  let platform: Platform;
  let datasetId: string;
  let modelId: string;

  beforeAll(async () => {
    platform = await startPlatform();
    const { url, fetch } = platform;
    const form = new FormData();
    form.set('name', 'blocks');
    form.set('archive', annotationArchive(), 'blocks.zip');
    datasetId = (await json<{ id: string }>(await fetch(`${url}/api/datasets`, { method: 'POST', body: form }))).id;
    await services.waitFor('dataset ready', async () => (await json<{ status: string }>(await fetch(`${url}/api/datasets/${datasetId}`))).status === 'ready');
    modelId = await startTinyModel(platform, datasetId, 'Block finder', { epochs: 6, validationFraction: 0.3 });
    await waitForModel(platform, modelId);
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('pre-segments, brushes, erases, undoes and redoes, saves version 2 and fine-tunes on it', async () => {
    const { page, url, fetch } = platform;
    await page.setViewportSize({ width: 1440, height: 1000 });

    // What the page sends is recorded as it leaves (Chromium does not hand Blob bodies to the test).
    await page.addInitScript(() => {
      const sent: FormData[] = [];
      (window as unknown as { sentForms: FormData[] }).sentForms = sent;
      const send = XMLHttpRequest.prototype.send;
      XMLHttpRequest.prototype.send = function (body) {
        if (body instanceof FormData) sent.push(body);
        return send.call(this, body);
      };
      const fetch = window.fetch;
      window.fetch = (input, init) => {
        if (init?.body instanceof FormData) sent.push(init.body);
        return fetch(input, init);
      };
    });

    // The dataset page leads to the queue of its unlabeled cases.
    await page.goto(`${url}/datasets/${datasetId}`);
    await page.getByTestId('dataset-annotate').click();
    await page.waitForURL(new RegExp(`/datasets/${datasetId}/annotate$`));
    const queue = page.getByTestId('annotation-queue');
    await queue.getByRole('button').first().waitFor();
    expect(await queue.getByRole('button').count()).toBe(UNLABELED);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-queue.png') });

    // Pre-segment with the model: the queue is ranked by its uncertainty, the first case opens.
    await page.getByTestId('annotation-model').click();
    await page.getByRole('option', { name: /Block finder/ }).click();
    await page.locator('[data-testid="annotation-queue"] .score, app-annotation-page .error').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('app-annotation-page .error').allTextContents()).toEqual([]);
    const proposals: Buffer[] = [];
    page.on('response', (response) => {
      if (/\/api\/inference-results\/[^/]+\/volume\/mask\.nii\.gz$/.test(response.url())) void response.body().then((b) => proposals.push(b));
    });
    const firstName = (await queue.getByRole('button').first().getAttribute('data-case-name'))!;
    await queue.getByRole('button').first().click();
    const stage = page.getByTestId('annotation-viewer');
    await page.locator('[data-testid="annotation-viewer"][data-state="ready"][data-editing="true"]').waitFor({ timeout: 90_000 });
    expect(await stage.getAttribute('data-flat')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-proposal.png') });

    // The canvas point at the centre of a pixel of the picture (letterboxed in a square stage).
    const canvas = stage.locator('canvas');
    await stage.scrollIntoViewIfNeeded();
    const at = async ({ col, row }: Pixel) => {
      const box = (await canvas.boundingBox())!;
      const side = Math.min(box.width, (box.height * WIDTH) / HEIGHT);
      const [imageWidth, imageHeight] = [side, (side * HEIGHT) / WIDTH];
      const [u, v] = [(col + 0.5) / WIDTH, (row + 0.5) / HEIGHT];
      return { x: box.x + (box.width - imageWidth) / 2 + u * imageWidth, y: box.y + (box.height - imageHeight) / 2 + v * imageHeight };
    };
    // The probe under the pointer names the pixel as stored (column, row).
    const probe = page.getByTestId('annotation-viewer-probe');
    const pixelAt = async (col: number, row: number): Promise<Pixel> => {
      const pixel = { col, row };
      const { x, y } = await at(pixel);
      await page.mouse.move(x, y);
      await expect.poll(async () => /Pixel (\d+), (\d+)/.exec((await probe.textContent()) ?? '')?.slice(1).map(Number)).toEqual([pixel.col, pixel.row]);
      return pixel;
    };
    const stroke = async ([from, to]: Pixel[]) => {
      const a = await at(from);
      const b = await at(to);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(b.x, b.y, { steps: 12 });
      await page.mouse.up();
    };
    const edited = page.getByTestId('annotation-viewer-edited');
    const undo = page.getByRole('button', { name: 'Undo' });
    expect(await edited.count()).toBe(0);
    expect(await undo.isDisabled()).toBe(true);

    // A: a brush stroke across the top rows, at size 5 (two presses of "]").
    const size = page.getByTestId('annotation-viewer-brush-size');
    for (const wanted of ['4', '5']) {
      await stage.focus();
      await page.keyboard.press(']');
      await expect.poll(() => size.inputValue()).toBe(wanted);
    }
    const a = [await pixelAt(9, 5), await pixelAt(54, 5)];
    await stroke(a);
    await edited.waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-brush.png') });
    // The help panel lists the shortcuts.
    const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await help.click();
    await page.locator('dl[aria-label="Keyboard shortcuts"]').getByText('Polygon: draw an outline').waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-help.png') });
    await help.click();

    // B: the eraser ("E") down the middle, through A and the block; undone by the button, redone by Ctrl+Shift+Z.
    await stage.focus();
    await page.keyboard.press('e');
    const b = [await pixelAt(32, 1), await pixelAt(32, 46)];
    await stroke(b);
    await undo.click();
    // The undo lands with the next frame's scene draw, not within the click.
    await page.waitForFunction(() => !(document.querySelector('button[aria-label="Redo"]') as HTMLButtonElement).disabled);
    await stage.focus();
    await page.keyboard.press('Control+Shift+Z');
    await page.waitForFunction(() => (document.querySelector('button[aria-label="Redo"]') as HTMLButtonElement).disabled);

    // C: a brush stroke ("B") along the bottom, undone by Ctrl+Z: it must leave no trace.
    await page.keyboard.press('b');
    const c = [await pixelAt(12, 44), await pixelAt(51, 44)];
    await stroke(c);
    await stage.focus();
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => !(document.querySelector('button[aria-label="Redo"]') as HTMLButtonElement).disabled);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-edited.png') });

    // Opening another case asks first, in the app's dialog; cancelling keeps this one and its edits.
    await queue.getByRole('button').nth(1).click();
    await page.getByRole('dialog').getByText('Discard your changes?').waitFor();
    await settled(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-discard-dialog.png') });
    await page.getByTestId('confirm-cancel').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('annotation-case').textContent()).toBe(firstName);
    await edited.waitFor();

    // Save: what the page sends is the mask it holds.
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && /\/cases\/\d+\/annotations$/.test(r.url())),
      page.getByTestId('annotation-save').click(),
    ]);
    const saved = await request.response();
    expect(saved?.status()).toBe(201);
    const caseIndex = Number(/\/cases\/(\d+)\/annotations$/.exec(request.url())![1]);
    const field = (name: string) =>
      page.evaluate(async (name) => {
        const value = (window as unknown as { sentForms: FormData[] }).sentForms.at(-1)!.get(name);
        return value instanceof Blob ? [...new Uint8Array(await value.arrayBuffer())] : value;
      }, name);
    expect(await field('proposalSource')).toBe('model');
    expect(await field('proposalModelId')).toBe(modelId);
    expect(await field('baseVersion')).toBe('1');
    const sentMask = Buffer.from((await field('mask')) as number[]);
    const sentProposal = Buffer.from((await field('proposal')) as number[]);
    await edited.waitFor({ state: 'detached' });
    expect(await queue.getByRole('button').count()).toBe(UNLABELED - 1);

    // The dataset gained version 2 with exactly that case added.
    const versions = await json<Versions[]>(await fetch(`${url}/api/datasets/${datasetId}/versions`));
    expect(versions.map((v) => [v.version, v.parent])).toEqual([
      [1, null],
      [2, 1],
    ]);
    const v2 = versions[1];
    expect(v2.labelledCases).toBe(LABELLED + 1);
    expect(v2.unlabeledCases).toBe(UNLABELED - 1);
    expect(v2.changes).toEqual([{ caseIndex, caseName: expect.stringContaining(firstName.replace(/\.png$/, '')), annotationId: expect.any(String), kind: 'added' }]);
    const { annotationId } = v2.changes[0];
    const marker = JSON.parse((await s3Object(platform, `datasets/${datasetId}/versions/2.json`)).toString()) as { masks: Record<string, string> };
    expect(marker.masks).toEqual({ [String(caseIndex)]: annotationId });

    // Pixel by pixel: S3's NIfTI and PNG are the page's mask; the mask is the proposal plus A minus B.
    const folder = `datasets/${datasetId}/annotations/${annotationId}/`;
    const masks = decodeMasks(platform.dir, {
      'sent.nii.gz': sentMask,
      'proposal.nii.gz': sentProposal,
      'fetched-proposal.nii.gz': proposals[0],
      'stored.nii.gz': await s3Object(platform, `${folder}mask.nii.gz`),
      'stored.png': await s3Object(platform, `${folder}mask.png`),
    });
    expect(masks['stored.nii.gz']).toEqual(masks['sent.nii.gz']);
    expect(masks['stored.png']).toEqual(masks['sent.nii.gz']);
    expect(masks['proposal.nii.gz']).toEqual(masks['fetched-proposal.nii.gz']);
    const mask = masks['sent.nii.gz'];
    const proposal = masks['proposal.nii.gz'];
    const radius = 5;
    const near = (p: Pixel, [from, to]: Pixel[]) =>
      p.row >= Math.min(from.row, to.row) - radius &&
      p.row <= Math.max(from.row, to.row) + radius &&
      p.col >= Math.min(from.col, to.col) - radius &&
      p.col <= Math.max(from.col, to.col) + radius;
    const onLine = ([from, to]: Pixel[]): Pixel[] => {
      const n = Math.max(Math.abs(to.row - from.row), Math.abs(to.col - from.col));
      return Array.from({ length: n + 1 }, (_, i) => ({
        row: Math.round(from.row + ((to.row - from.row) * i) / n),
        col: Math.round(from.col + ((to.col - from.col) * i) / n),
      }));
    };
    // The brush painted A (where B did not erase it), and most of A was background before.
    const aLine = onLine(a).filter((p) => !near(p, b));
    expect(aLine.length).toBeGreaterThan(20);
    expect(aLine.filter((p) => mask[p.row][p.col] !== 1)).toEqual([]);
    expect(aLine.filter((p) => proposal[p.row][p.col] === 0).length).toBeGreaterThan(aLine.length / 2);
    // The eraser (undone, then redone) cleared B from top to bottom.
    expect(onLine(b).filter((p) => mask[p.row][p.col] !== 0)).toEqual([]);
    // Every other pixel, C's undone stroke included, is the proposal's.
    const changed: Pixel[] = [];
    for (let row = 0; row < HEIGHT; row++)
      for (let col = 0; col < WIDTH; col++) if (mask[row][col] !== proposal[row][col]) changed.push({ row, col });
    expect(changed.filter((p) => !near(p, a) && !near(p, b))).toEqual([]);
    expect(changed.filter((p) => near(p, c) && !near(p, b))).toEqual([]);
    const annotation = (saved ? await saved.json() : null) as { annotation: { changedVoxels: number; proposalSource: string } };
    expect(annotation.annotation.changedVoxels).toBe(changed.length);
    expect(annotation.annotation.proposalSource).toBe('model');

    // Someone else saves the next case while it is open here: saving it asks, "keep both" saves it after theirs.
    // By name: the queue may still be re-ranking after the save, and `first()` is looked up again on click.
    const nextName = (await queue.getByRole('button').first().getAttribute('data-case-name'))!;
    await queue.locator(`[data-case-name="${nextName}"]`).click();
    await page.locator('[data-testid="annotation-viewer"][data-state="ready"][data-editing="true"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('annotation-case').textContent()).toBe(nextName);
    // The polygon ("P"): an outline drawn around a box is filled when the button goes up.
    await stage.focus();
    await page.keyboard.press('p');
    const corners = [await pixelAt(8, 8), await pixelAt(30, 8), await pixelAt(30, 22), await pixelAt(8, 22)];
    const start = await at(corners[0]);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (const corner of [...corners.slice(1), corners[0]]) {
      const { x, y } = await at(corner);
      await page.mouse.move(x, y, { steps: 8 });
    }
    await page.mouse.up();
    await edited.waitFor();
    const nextIndex = (await json<{ items: { caseIndex: number; name: string }[] }>(await fetch(`${url}/api/datasets/${datasetId}/annotation-queue`))).items.find((i) => i.name === nextName)!.caseIndex;
    const theirs = new FormData();
    theirs.set('mask', new Blob([new Uint8Array(python(['import numpy as np', 'from archive_factory import png_bytes', `sys.stdout.buffer.write(png_bytes(np.ones((${HEIGHT}, ${WIDTH}), np.uint8)))`]))]), 'mask.png');
    theirs.set('baseVersion', '2');
    theirs.set('proposalSource', 'empty');
    theirs.set('secondsSpent', '3');
    expect((await fetch(`${url}/api/datasets/${datasetId}/cases/${nextIndex}/annotations`, { method: 'POST', body: theirs })).status).toBe(201);
    await page.getByTestId('annotation-save').click();
    await page.getByTestId('conflict-who').waitFor();
    await settled(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-conflict-dialog.png') });
    await page.getByTestId('conflict-keep').click();
    await edited.waitFor({ state: 'detached' });
    const polygon = decodeMasks(platform.dir, { 'polygon.nii.gz': Buffer.from((await field('mask')) as number[]) })['polygon.nii.gz'];
    // Inside the outline, beyond the pen's reach from it (size 5: 2 pixels), every pixel is painted.
    const inside = polygon.slice(11, 20).flatMap((row) => row.slice(11, 28));
    expect(inside.filter((v) => v !== 1)).toEqual([]);
    const after = await json<Versions[]>(await fetch(`${url}/api/datasets/${datasetId}/versions`));
    expect(after.map((v) => [v.version, v.changes.map((c) => c.caseIndex)])).toEqual([
      [1, []],
      [2, [caseIndex]],
      [3, [nextIndex]],
      [4, [nextIndex]],
    ]);

    // The dataset page lists version 2 and what it added.
    await page.goto(`${url}/datasets/${datasetId}`);
    const versionList = page.getByTestId('dataset-versions');
    await versionList.getByText('Version 4').waitFor();
    await versionList.scrollIntoViewIfNeeded();
    await versionList.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-dataset-versions.png') });

    // Fine-tune from the model on version 2: the child is the next version of the model, with its parent.
    const parent = await json<ModelBody>(await fetch(`${url}/api/models/${modelId}`));
    await page.goto(`${url}/training/${modelId}`);
    await page.getByTestId('model-fine-tune').click();
    await page.getByTestId('fine-tune-version').click();
    await page.getByRole('option', { name: /Version 2/ }).click();
    await page.getByTestId('fine-tune-epochs').fill('1');
    await settled(page);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-fine-tune-dialog.png') });
    await page.getByTestId('fine-tune-start').click();
    await page.waitForURL((u) => /\/training\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(modelId));
    const childId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.getByTestId('model-status').getByText(/completed/i).waitFor({ timeout: 180_000 });
    const lineage = page.getByTestId('model-lineage');
    await lineage.getByText(/Dataset version 2/).waitFor();
    const parentLink = lineage.getByRole('link', { name: new RegExp(`${parent.name}.*v${parent.version}`) });
    expect(await parentLink.getAttribute('href')).toBe(`/training/${modelId}`);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'annotate-model-lineage.png') });
    const child = await json<ModelBody>(await fetch(`${url}/api/models/${childId}`));
    expect(child).toMatchObject({ name: parent.name, version: parent.version + 1, datasetVersion: 2, parentModelId: modelId, status: 'completed', epochs: 1 });
    expect((await json<ModelBody>(await fetch(`${url}/api/models/${modelId}`))).childModelIds).toEqual([childId]);
    expect(parent.epochs).toBe(6);
    await parentLink.click();
    await page.waitForURL(new RegExp(`/training/${modelId}$`));
    await page.getByTestId('model-lineage').getByRole('link', { name: new RegExp(`v${child.version}`) }).waitFor();
  }, 480_000);
});

