/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhantomDataset, python, startTinyModel, waitForModel } from './fixtures';
import { type Platform, SCREENSHOT_DIR, startPlatform } from './platform';

/**
 * Colin27 (Debian mricron-data) at every third voxel, 61 × 73 × 61 at 3 mm: a real head that
 * segments in a few seconds on a CPU and renders quickly in SwiftShader.
 */
function smallHead(): Buffer {
  return python([
    'import io, gzip, nibabel as nib, numpy as np',
    "img = nib.load('/usr/share/mricron/templates/ch2.nii.gz')",
    'data = np.asarray(img.dataobj)[::3, ::3, ::3].astype(np.int16)',
    'affine = img.affine.copy(); affine[:3, :3] *= 3',
    'out = nib.Nifti1Image(data, affine)',
    'sys.stdout.buffer.write(gzip.compress(out.to_bytes()))',
  ]);
}

describe('the volume viewer in the browser', () => {
  let platform: Platform;
  let modelId: string;
  let headPath: string;

  beforeAll(async () => {
    platform = await startPlatform();
    const datasetId = await createPhantomDataset(platform);
    modelId = await startTinyModel(platform, datasetId, 'Head segmenter');
    headPath = join(mkdtempSync(join(tmpdir(), 'medseg-e2e-volume-')), 'head.nii.gz');
    writeFileSync(headPath, smallHead());
    await waitForModel(platform, modelId);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('segments a NIfTI once, then browses slices, planes and windows without asking again', async () => {
    const { page, url } = platform;
    const segmentRequests: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/segment/.test(request.url())) segmentRequests.push(request.url());
    });
    await page.setViewportSize({ width: 1440, height: 1600 });
    await page.goto(`${url}/inference?model=${modelId}`);
    await page.getByTestId('inference-file-input').setInputFiles(headPath);

    const stage = page.getByTestId('inference-volume');
    await page.locator('[data-testid="inference-volume"][data-state="ready"]').waitFor({ timeout: 60_000 });
    const attr = async (name: string) => Number(await stage.getAttribute(name));
    // Zoneless change detection renders an attribute a frame after the event that changed it.
    const until = (name: string, value: string) =>
      page.waitForFunction(
        ([n, v]) => document.querySelector('[data-testid="inference-volume"]')!.getAttribute(n) === v,
        [name, value] as const,
      );
    const viewer = page.locator('app-volume-viewer');
    await stage.scrollIntoViewIfNeeded();
    expect(await attr('data-slices')).toBe(61);
    await page.getByTestId('inference-volume-legend').waitFor();
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'volume-axial.png') });

    // Keys, wheel and slider move through the axial slices.
    const first = await attr('data-slice');
    await stage.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="inference-volume"]')!.getAttribute('data-slice')) === n, first + 5);
    const box = (await stage.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 300);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="inference-volume"]')!.getAttribute('data-slice')) !== n, first + 5);
    const slider = page.getByTestId('inference-volume-slider');
    await slider.fill('20');
    await slider.dispatchEvent('input');
    await page.waitForFunction(() => document.querySelector('[data-testid="inference-volume"]')!.getAttribute('data-slice') === '20');
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'volume-slice-20.png') });

    // A preset sets the window; a right-drag changes it (NiiVue's contrast mode).
    await page.getByTestId('inference-volume-preset').click();
    await page.getByRole('option', { name: /CT bone/ }).click();
    // The closing panel's backdrop would take the right-drag meant for the canvas.
    await page.locator('.cdk-overlay-backdrop').waitFor({ state: 'detached' });
    await until('data-window-width', '1800');
    expect(await attr('data-window-center')).toBe(400);
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.up({ button: 'right' });
    await page.waitForFunction(() => document.querySelector('[data-testid="inference-volume"]')!.getAttribute('data-window-width') !== '1800');
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'volume-window-dragged.png') });
    await page.getByTestId('inference-volume-preset').click();
    await page.getByRole('option', { name: /File default/ }).click();

    // Other planes, the multiplanar layout with its crosshair, the 3D render, outlines.
    const layout = page.getByTestId('inference-volume-layout');
    await layout.getByText('Sagittal').click();
    await until('data-layout', 'sagittal');
    await until('data-slices', '61');
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'volume-sagittal.png') });
    await layout.getByText('Multiplanar').click();
    await page.getByTestId('inference-volume-outline').click();
    // SwiftShader may still be drawing the three planes when the click lands.
    await until('data-outline', 'true');
    const opacity = page.getByTestId('inference-volume-opacity');
    await opacity.fill('1');
    await opacity.dispatchEvent('input');
    await until('data-opacity', '1');
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'volume-multiplanar-outline.png') });
    await layout.getByText('3D').click();
    await until('data-layout', 'render');
    await viewer.screenshot({ path: join(SCREENSHOT_DIR, 'volume-render.png') });

    // The label under the cursor is named; browsing sent nothing more than the one segmentation.
    await layout.getByText('Axial').click();
    await until('data-layout', 'axial');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const probe = page.getByTestId('inference-volume-probe');
    await page.waitForFunction(() => /prediction /.test(document.querySelector('[data-testid="inference-volume-probe"]')?.textContent ?? ''));
    expect(await probe.textContent()).toMatch(/prediction (background|.+ \(\d+\))/);
    expect(segmentRequests).toHaveLength(1);
    expect(segmentRequests[0]).toContain('/segment-volume');
    expect(await page.getByTestId('inference-history-name').count()).toBe(1);
    await page.getByTestId('inference-download-nifti').waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    // SwiftShader draws every frame on the CPU: planes and the 3D render take their time.
  }, 180_000);
});
