import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { page, pairDto, datasetDto } from '../../testing/dataset-fixtures';
import {
  fakeDecoder,
  inferenceResultDto,
  segmentResultDto,
  volumeResultDto,
} from '../../testing/inference-fixtures';
import { GRACE, SHARED_BY_GRACE } from '../../testing/owner-fixtures';
import { modelDto } from '../../testing/model-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { MODELS_URL } from '../../shared/api-urls';
import { InferencePage } from './inference-page';
import { By } from '@angular/platform-browser';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { RASTER_DECODER } from './raster';
import { signIn } from '../../testing/auth-fixtures';

/** Colours as the gateway serves them. */
const SERVED_PALETTE = [
  [10, 220, 30],
  [240, 20, 200],
];

describe('InferencePage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'inference', component: InferencePage },
          { path: 'training', children: [] },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RASTER_DECODER, useValue: fakeDecoder() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('researcher');
  });

  afterEach(() => http.verify());

  const el = (): HTMLElement => harness.routeNativeElement as HTMLElement;
  const byTestId = <T extends Element = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);

  /** Lets the decoder's promises and the change detection after them run. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    }
  }

  async function open(
    url = '/inference',
    models = [modelDto({ id: 'a', name: 'first' })],
    palette: number[][] | null = SERVED_PALETTE,
  ) {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    http.expectOne((r) => r.url === MODELS_URL && r.method === 'GET').flush(page(models));
    if (palette) http.expectOne('/api/inference/palette').flush({ colors: palette });
    await settle();
  }

  function answerWarmUp(id: string): void {
    http
      .expectOne(`${MODELS_URL}/${id}/load`)
      .flush({ wasLoaded: false, loadMs: 420, memoryBytes: 31_000_000 });
    http.expectOne(`${MODELS_URL}/${id}/results`).flush([]);
  }

  async function upload(name = 'scan.png'): Promise<void> {
    const input = byTestId<HTMLInputElement>('inference-file-input')!;
    Object.defineProperty(input, 'files', { value: [new File(['x'], name)], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
  }

  /** What the page gives the viewer of a 2D result. */
  function viewerInput(): ViewerInput {
    const viewer = harness.fixture.debugElement.query(By.directive(VolumeViewer));
    if (!viewer) throw new Error('No volume viewer');
    return (viewer.componentInstance as VolumeViewer).input();
  }

  /** The label values of a one-slice label NIfTI the page built (voxels after the header). */
  function voxels(file: ViewerInput['prediction']): number[] {
    if (!file || !('bytes' in file)) throw new Error('No label map in memory');
    return [...new Uint8Array(file.bytes, 352)];
  }

  it('offers Open and Input only for saved results that kept their input image', async () => {
    await open('/inference?model=a');
    http.expectOne(`${MODELS_URL}/a/load`).flush({ wasLoaded: false, loadMs: 1, memoryBytes: 1 });
    http
      .expectOne(`${MODELS_URL}/a/results`)
      .flush([inferenceResultDto('kept'), { ...inferenceResultDto('masks-only'), inputUrl: null }]);
    await settle();
    const items = Array.from(document.querySelectorAll('[data-testid="inference-history"] li'));
    expect(
      items.map((li) => li.querySelector('[data-testid="inference-history-open"]') !== null),
    ).toEqual([true, false]);
    expect(items[0].textContent).toContain('Input');
    expect(items[1].textContent).not.toContain('Input');
    expect(items[1].textContent).toContain('Mask (colour PNG)');
  });

  it('selects the model named in ?model= among the completed ones and warms it up', async () => {
    await open('/inference?model=b', [
      modelDto({ id: 'a', name: 'first' }),
      modelDto({ id: 'b', name: 'second', version: 2 }),
      modelDto({ id: 'c', name: 'training', status: 'training', jobState: 'running' }),
    ]);
    expect(byTestId('inference-warm')?.textContent).toContain('Loading model…');
    answerWarmUp('b');
    await settle();

    expect(byTestId('inference-model')?.textContent).toContain('second v2');
    expect(byTestId('inference-warm')?.textContent).toContain('Model ready (warm)');
    expect(byTestId('inference-warm')?.textContent).toContain('loaded in 420 ms');

    byTestId('inference-model')!.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await settle();
    const options = Array.from(document.querySelectorAll('mat-option')).map((o) =>
      o.textContent?.trim(),
    );
    expect(options.length).toBe(2);
    expect(options[0]).toContain('first v1');
    expect(options[1]).toContain('second v2');
  });

  it("names the owner of someone else's model and saved result, and deletes only one's own", async () => {
    await open('/inference', [modelDto({ id: 'a', name: 'first', ...SHARED_BY_GRACE })]);
    http
      .expectOne(`${MODELS_URL}/a/load`)
      .flush({ wasLoaded: true, loadMs: 0, memoryBytes: 31_000_000 });
    const results = http.expectOne((r) => r.url === `${MODELS_URL}/a/results`);
    expect(results.request.params.has('owner')).toBe(false);
    results.flush([
      inferenceResultDto('mine'),
      inferenceResultDto('theirs', { owner: GRACE, canChange: false }),
    ]);
    await settle();

    expect(byTestId('inference-model')?.textContent).toContain('first v1');
    expect(byTestId('inference-model')?.textContent).toContain('Grace Hopper');
    const items = Array.from(byTestId('inference-history')!.querySelectorAll('li'));
    expect(
      items.map((li) => !!li.querySelector('[data-testid="inference-history-delete"]')),
    ).toEqual([true, false]);
    expect(items[1].textContent).toContain('by Grace Hopper');
    expect(items[0].textContent).not.toContain('by ');
    // Only admins see others' results: nobody else gets the owner choice.
    expect(byTestId('inference-history-owner')).toBeNull();
  });

  it('points to training when no model has finished', async () => {
    await open('/inference', [modelDto({ status: 'training', jobState: 'queued' })]);
    const link = el().querySelector<HTMLAnchorElement>('a[href="/training"]');
    expect(link?.textContent).toContain('Train a model');
    expect(byTestId('inference-drop-zone')).toBeNull();
  });

  it('segments an upload, draws it and shows the timings', async () => {
    await open();
    answerWarmUp('a');
    await settle();

    await upload('scan.png');
    const req = http.expectOne((r) => r.url === `${MODELS_URL}/a/segment`);
    expect(req.request.params.get('persist')).toBe('true');
    req.flush(
      segmentResultDto({
        modelWasLoaded: false,
        timings: { ...segmentResultDto().timings, loadMs: 300 },
      }),
    );
    await settle();

    // The picture as NiiVue reads a PNG, the class map as label values (class 1 = 255).
    const input = viewerInput();
    expect(input.image).toEqual({
      name: 'image.png',
      bytes: new TextEncoder().encode('image').buffer,
    });
    expect(voxels(input.prediction)).toEqual([0, 255, 255, 0]);
    expect(input.truth).toBeNull();
    expect(byTestId('inference-image')).not.toBeNull();
    const timings = Object.fromEntries(
      Array.from(byTestId('inference-timings')!.querySelectorAll('div')).map((row) => [
        row.querySelector('dt')?.textContent?.trim(),
        row.querySelector('dd')?.textContent?.replace(/\s+/g, ' ').trim(),
      ]),
    );
    expect(timings).toEqual({
      Decode: '1.5 ms',
      Forward: '12.4 ms',
      Encode: '2 ms',
      Total: '16 ms',
      Gateway: '21 ms',
      Model: 'cold (load 300 ms)',
      Size: '2 × 2',
    });
    expect(byTestId('inference-dice')).toBeNull();
    expect(byTestId('inference-image-legend')?.textContent).toContain('lesion (255)');
  });

  it('gives the viewer the ml-service mask when there are no probabilities', async () => {
    await open();
    answerWarmUp('a');
    await upload();
    http
      .expectOne((r) => r.url === `${MODELS_URL}/a/segment`)
      .flush(segmentResultDto({ labelValues: [0, 1, 2], probabilities: [] }));
    await settle();
    // Mask [0, 1, 1, 0] in class indices; label values [0, 1, 2].
    expect(voxels(viewerInput().prediction)).toEqual([0, 1, 1, 0]);
    expect(viewerInput().labelValues).toEqual([0, 1, 2]);
  });

  it('rebuilds the viewer mask as the threshold moves, without asking the gateway', async () => {
    await open();
    answerWarmUp('a');
    await upload();
    http.expectOne((r) => r.url === `${MODELS_URL}/a/segment`).flush(segmentResultDto());
    await settle();
    // p1 = [5, 155, 205, 55]: at 0.5 pixels 1 and 2 are foreground.
    expect(voxels(viewerInput().prediction)).toEqual([0, 255, 255, 0]);

    const threshold = byTestId<HTMLInputElement>('inference-threshold')!;
    threshold.value = '0.1';
    threshold.dispatchEvent(new Event('input'));
    await settle();
    expect(voxels(viewerInput().prediction)).toEqual([0, 255, 255, 255]);
    // Opacity and outline are the viewer's own now; the page has no second set.
    expect(byTestId('inference-opacity')).toBeNull();
    // http.verify() in afterEach proves nothing was requested.
  });

  it('segments a volume once and shows it in the viewer with its downloads and scores', async () => {
    await open();
    answerWarmUp('a');
    await upload('brain.nii.gz');
    expect(byTestId('inference-running')?.textContent).toContain('Segmenting brain.nii.gz');
    http
      .expectOne((r) => r.url === `${MODELS_URL}/a/segment-volume`)
      .flush(
        volumeResultDto({
          id: 'v1',
          hasDicomSeg: true,
          scores: {
            distanceUnit: 'mm',
            surfaceTolerance: 2,
            perClass: [
              { value: 1, name: 'liver', dice: 0.9, iou: 0.8, hd95: 3.25, asd: 1, nsd: 0.95 },
              { value: 2, name: '', dice: null, iou: null, hd95: null, asd: null, nsd: null },
            ],
            dice: 0.9,
            iou: 0.8,
            hd95: 3.25,
            asd: 1,
            nsd: 0.95,
          },
        }),
      );
    http.expectOne(`${MODELS_URL}/a/results`).flush([]);
    await settle();

    expect(el().querySelector('app-volume-viewer')).not.toBeNull();
    // The 2D display settings (threshold) do not apply to a volume.
    expect(byTestId('inference-threshold')).toBeNull();
    expect(byTestId('inference-download-nifti')?.getAttribute('href')).toBe(
      '/api/inference-results/v1/mask?format=nifti',
    );
    expect(byTestId('inference-download-dicom-seg')?.getAttribute('href')).toBe(
      '/api/inference-results/v1/mask?format=dicom-seg',
    );
    const rows = [...byTestId('inference-volume-scores')!.querySelectorAll('tbody tr')].map((r) =>
      [...r.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()).join(' '),
    );
    expect(rows[0]).toBe('liver (1) 90.0% 80.0% 3.25 1.00 95.0%');
    // A class without its own name in the scores takes the result's label name.
    expect(rows[1]).toBe('tumour (2) – – – – –');
    expect(byTestId('inference-volume-facts')?.textContent).toContain('2.5 × 0.8 × 0.8 mm');
    // http.verify() in afterEach proves no slice was sent or segmented again.
  });

  it('refuses a file it cannot read and shows a failed request inline', async () => {
    await open();
    answerWarmUp('a');
    await upload('notes.txt');
    expect(el().textContent).toContain('is not an image the model reads');

    await upload('scan.png');
    http
      .expectOne((r) => r.url === `${MODELS_URL}/a/segment`)
      .flush(
        { statusCode: 400, message: 'Could not decode the image' },
        {
          status: 400,
          statusText: 'Bad Request',
        },
      );
    await settle();
    expect(byTestId('inference-error')?.textContent).toContain('Could not decode the image');
  });

  it('segments a dataset pair and scores the mask it shows at the current threshold', async () => {
    await open();
    answerWarmUp('a');
    el().querySelector<HTMLButtonElement>('[data-testid="inference-mode-pair"] button')!.click();
    await settle();
    http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto({ id: 'ds' })]));
    await settle();

    byTestId('inference-dataset')!.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await settle();
    document.querySelector<HTMLElement>('mat-option')!.click();
    await settle();
    http
      .expectOne((r) => r.url === `${DATASETS_URL}/ds/pairs`)
      .flush(page([pairDto(0, 'ds'), pairDto(1, 'ds')]));
    await settle();

    const pairs = el().querySelectorAll<HTMLButtonElement>('[data-testid="inference-pair"]');
    expect(pairs.length).toBe(2);
    pairs[1].click();
    const req = http.expectOne((r) => r.url === `${MODELS_URL}/a/segment-pair`);
    expect(req.request.body).toEqual({ datasetId: 'ds', pairIndex: 1 });
    req.flush(
      segmentResultDto({
        groundTruth: 'data:image/png;base64,truth',
        dice: 0.877,
        iou: 0.78,
        dicePerClass: [0.99, 0.877],
        iouPerClass: [0.98, 0.78],
      }),
    );
    await settle();

    expect(voxels(viewerInput().truth)).toEqual([0, 255, 0, 0]);
    const dice = () => byTestId('inference-dice')!.textContent!.replace(/\s+/g, ' ');
    // truth [0, 1, 0, 0]; at 0.5 p1 = [5, 155, 205, 55] shows [0, 1, 1, 0]: class 1 Dice 2/3, IoU 1/2
    // (recomputed in the browser, not the ml-service's 87.7 %).
    expect(dice()).toContain('Dice 66.7% · IoU 50.0%');
    expect(dice()).toContain('background: Dice 80.0% · IoU 66.7%');
    expect(dice()).toContain('lesion: Dice 66.7% · IoU 50.0%');

    const threshold = byTestId<HTMLInputElement>('inference-threshold')!;
    threshold.value = '0.1';
    threshold.dispatchEvent(new Event('input'));
    await settle();
    // At 0.1 the mask is [0, 1, 1, 1]: class 1 Dice 2/4, IoU 1/3.
    expect(dice()).toContain('Dice 50.0% · IoU 33.3%');
    expect(dice()).toContain('at threshold 0.10');
  });
});
