import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { getDebugNode } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import {
  EVALUATION_ID,
  aggregateDto,
  evaluationDto,
  evaluationImageDto,
} from '../../testing/evaluation-fixtures';
import { FakeEventSource, jobEvents } from '../../testing/fake-event-source';
import { fakeDecoder, segmentResultDto, volumeResultDto } from '../../testing/inference-fixtures';
import { MODEL_ID } from '../../testing/model-fixtures';
import { RASTER_DECODER } from '../inference/raster';
import { MODELS_URL } from '../../shared/api-urls';
import { PALETTE_URL } from '../../shared/class-palette';
import { type VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { EvaluationPage } from './evaluation-page';
import { EVALUATIONS_URL } from './evaluation.service';
import { JOB_STREAM_RETRY_MS } from '../../shared/jobs/job-event-source';
import { signIn } from '../../testing/auth-fixtures';

const URL = `${EVALUATIONS_URL}/${EVALUATION_ID}`;

describe('EvaluationPage', () => {
  let fixture: ComponentFixture<EvaluationPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [EvaluationPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: RASTER_DECODER, useValue: fakeDecoder() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('researcher');
  });

  afterEach(() => http.verify());

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(EvaluationPage);
    fixture.componentRef.setInput('id', EVALUATION_ID);
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const el = (): HTMLElement => fixture.nativeElement;
  const text = (id: string) =>
    el().querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const state = () =>
    el().querySelector('[data-testid="job-state"] .label')?.textContent?.trim() ?? '';
  const rowNames = () =>
    Array.from(el().querySelectorAll<HTMLElement>('[data-testid="image-row"]')).map(
      (r) => r.dataset['name'],
    );

  it('follows a running evaluation live and shows its results when it completes', async () => {
    await render();
    const running = evaluationDto({
      state: 'running',
      aggregate: null,
      finishedAt: null,
      progress: {
        done: 0,
        total: 36,
        failed: 0,
        imagesPerSecond: 0,
        elapsedSeconds: 0,
        etaSeconds: 0,
      },
    });
    http.expectOne(URL).flush(running);
    await fixture.whenStable();
    const source = FakeEventSource.last();
    expect(source.url).toBe(`${URL}/events`);
    expect(text('job-progress-text')).toBe('Images 0/36');

    source.open();
    source.snapshot(running, 2);
    source.job(
      jobEvents.of(3, {
        type: 'progress',
        progress: {
          done: 12,
          total: 36,
          failed: 1,
          imagesPerSecond: 4,
          elapsedSeconds: 3,
          etaSeconds: 6,
        },
      }),
    );
    await fixture.whenStable();
    expect(text('job-progress-text')).toBe('Images 12/36 · 1 failed · 4.0 images/s · ETA 6s');
    expect(el().querySelector('[data-testid="job-cancel"]')).not.toBeNull();
    expect(el().querySelector('[data-testid="aggregate-table"]')).toBeNull();

    source.job(jobEvents.status(4, 'completed'));
    await fixture.whenStable();
    expect(source.closed).toBe(true);
    expect(el().querySelector('[data-testid="job-progress"]')).toBeNull();
    // The finished evaluation is read once more, for its aggregate.
    http.expectOne(URL).flush(evaluationDto());
    await fixture.whenStable();
    http.expectOne(`${URL}/images`).flush([evaluationImageDto(0, 0.9)]);
    await fixture.whenStable();
    expect(state()).toBe('Completed');
    const dice = el().querySelector('[data-testid="aggregate-table"] tr[data-metric="dice"]');
    expect(Array.from(dice!.querySelectorAll('td')).map((td) => td.textContent?.trim())).toEqual([
      'Dice',
      '0.910',
      '0.910',
      '0.050',
      '0.860–0.960',
      '10',
    ]);
    expect(el().querySelector('[data-testid="evaluation-report"]')?.getAttribute('href')).toBe(
      `${URL}/report`,
    );
  });

  it('lists the images worst Dice first, failed ones last with their error', async () => {
    await render();
    http.expectOne(URL).flush(evaluationDto());
    await fixture.whenStable();
    http
      .expectOne(`${URL}/images`)
      .flush([
        evaluationImageDto(0, 0.95),
        evaluationImageDto(1, null, { error: 'Could not decode the image' }),
        evaluationImageDto(2, 0.31),
        evaluationImageDto(3, 0.72),
      ]);
    await fixture.whenStable();
    expect(rowNames()).toEqual(['case_002', 'case_003', 'case_000', 'case_001']);
    const header = el().querySelector('th.mat-column-dice');
    expect(header?.getAttribute('aria-sort')).toBe('ascending');
    const failed = el().querySelectorAll<HTMLElement>('[data-testid="image-row"]')[3];
    expect(failed.textContent).toContain('Could not decode the image');
    expect(el().querySelector('th.mat-column-error')).not.toBeNull();

    // Sorting by Dice again turns the order round; failed images stay last.
    el().querySelector<HTMLElement>('th.mat-column-dice .mat-sort-header-container')!.click();
    await fixture.whenStable();
    expect(rowNames()).toEqual(['case_000', 'case_003', 'case_002', 'case_001']);
  });

  it('shows a per-volume evaluation in millimetres, with per-class names and each case shape', async () => {
    await render();
    const aggregate = aggregateDto({
      distanceUnit: 'mm',
      surfaceTolerance: 2,
      perClass: [{ ...aggregateDto().perClass[0], labelValue: 1, name: 'liver' }],
    });
    http.expectOne(URL).flush(evaluationDto({ aggregate }));
    await fixture.whenStable();
    const volume = (position: number, dice: number) =>
      evaluationImageDto(position, dice, {
        kind: 'volume',
        shape: [12, 40, 48],
        spacing: [2.5, 0.8, 0.8],
        distanceUnit: 'mm',
        caseIndex: position,
      });
    http.expectOne(`${URL}/images`).flush([volume(0, 0.9), volume(1, 0.7)]);
    await fixture.whenStable();
    expect(text('evaluation-unit')).toBe('millimetres, mean');
    expect(text('evaluation-units-note')).toContain('whole volume in 3D; distances in millimetres');
    const headers = Array.from(el().querySelectorAll('[data-testid="evaluation-images"] th')).map(
      (th) => th.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(headers).toEqual(['Case', 'Dice', 'IoU', 'HD95 (mm)', 'ASD (mm)', 'NSD @ 2 mm', 'Size']);
    expect(text('image-size')).toBe('12 × 40 × 48 · 2.5 × 0.8 × 0.8 mm');
    expect(text('class-metrics-table')).toContain('liver label 1');
  });

  /** What the dialog gives the volume viewer `testId`. */
  function viewerInput(testId: string): ViewerInput {
    const host = document.querySelector(`app-volume-viewer [data-testid="${testId}"]`);
    const viewer = host?.closest('app-volume-viewer');
    if (!viewer) throw new Error(`No volume viewer ${testId}`);
    return (getDebugNode(viewer)!.componentInstance as VolumeViewer).input();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  }

  it('opens an image with its prediction and ground truth over it in the viewer', async () => {
    await render();
    http.expectOne(URL).flush(evaluationDto());
    await fixture.whenStable();
    const liver = { ...evaluationImageDto(0, 0.6), classIndex: 1, labelValue: 255, name: 'liver' };
    http.expectOne(`${URL}/images`).flush([evaluationImageDto(0, 0.6, { perClass: [liver] })]);
    await fixture.whenStable();
    // No image failed: no empty Error column.
    expect(el().querySelector('th.mat-column-error')).toBeNull();
    el().querySelector<HTMLElement>('[data-testid="image-row"]')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === `${MODELS_URL}/${MODEL_ID}/segment-pair`);
    expect(req.request.params.get('persist')).toBe('false');
    expect(req.request.params.get('include')).toBe('image');
    expect(req.request.body).toEqual({ datasetId: evaluationDto().datasetId, pairIndex: 10 });
    req.flush(
      segmentResultDto({ groundTruth: 'data:image/png;base64,truth', dice: 0.6, iou: 0.5 }),
    );
    await settle();
    for (const palette of http.match(PALETTE_URL)) palette.flush({ colors: [[255, 0, 0]] });
    await settle();

    // One slice: the ml-service's class map and the pair's mask as label values, named.
    const input = viewerInput('image-dialog-viewer');
    expect(voxels(input.prediction)).toEqual([0, 255, 255, 0]);
    expect(voxels(input.truth)).toEqual([0, 255, 0, 0]);
    expect(input.labels).toEqual([{ value: 255, name: 'liver' }]);
    const dialog = document.querySelector('app-evaluation-image-dialog')!;
    expect(
      dialog.querySelector('[data-testid="image-dialog-viewer-legend"]')?.textContent,
    ).toContain('liver');
    expect(
      dialog.querySelector('[data-testid="image-dialog-dice"]')?.textContent?.replace(/\s+/g, ' '),
    ).toContain('Dice 0.600 · IoU 0.500');
  });

  it('segments a volume row as the whole case and shows it with its scores in mm', async () => {
    await render();
    http.expectOne(URL).flush(evaluationDto());
    await fixture.whenStable();
    const volume = evaluationImageDto(0, 0.8, {
      kind: 'volume',
      shape: [12, 40, 48],
      spacing: [2.5, 0.8, 0.8],
      distanceUnit: 'mm',
      caseIndex: 3,
    });
    http.expectOne(`${URL}/images`).flush([volume]);
    await fixture.whenStable();
    el().querySelector<HTMLElement>('[data-testid="image-row"]')!.click();
    await fixture.whenStable();
    const req = http.expectOne(`${MODELS_URL}/${MODEL_ID}/segment-case`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ datasetId: evaluationDto().datasetId, caseIndex: 3 });
    const running = document.querySelector('[data-testid="image-dialog-running"]');
    expect(running?.querySelector('mat-progress-bar')).not.toBeNull();
    expect(running?.textContent).toContain('12 × 40 × 48 · 2.5 × 0.8 × 0.8 mm');
    const liver = { value: 1, name: '', dice: 0.8, iou: 0.7, hd95: 3.2, asd: 1.1, nsd: 0.9 };
    req.flush(
      volumeResultDto({
        id: 'r9',
        hasGroundTruth: true,
        scores: {
          distanceUnit: 'mm',
          perClass: [liver],
          dice: 0.8,
          iou: 0.7,
          hd95: 3.2,
          asd: 1.1,
          nsd: 0.9,
          surfaceTolerance: 2,
        },
      }),
    );
    await settle();
    for (const palette of http.match(PALETTE_URL)) palette.flush({ colors: [[255, 0, 0]] });
    await settle();

    expect(document.querySelector('[data-testid="image-dialog-running"]')).toBeNull();
    const input = viewerInput('image-dialog-volume');
    const base = '/api/inference-results/r9/volume';
    expect(input.image).toEqual({ url: `${base}/image.nii.gz`, name: 'image.nii.gz' });
    expect(input.prediction).toEqual({ url: `${base}/mask.nii.gz`, name: 'mask.nii.gz' });
    expect(input.truth).toEqual({
      url: `${base}/ground-truth.nii.gz`,
      name: 'ground-truth.nii.gz',
    });
    expect(input.fileWindow).toEqual({ center: 40, width: 400 });
    // The case's files are fetched by the viewer.
    for (const file of http.match((r) => r.url.startsWith(base))) file.flush(new ArrayBuffer(0));
    // Scores per class by the model's label names, distances in mm.
    const scores = document.querySelector('[data-testid="inference-volume-scores"]')!;
    expect(scores.querySelector('caption')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'distances in mm · NSD at 2 mm',
    );
    const cells = Array.from(scores.querySelector('tbody tr')!.children).map((c) =>
      c.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(cells).toEqual(['liver (1)', '80.0%', '70.0%', '3.20', '1.10', '90.0%']);
  });

  it('opens the event stream again when the gateway refuses it', async () => {
    await render();
    http
      .expectOne(URL)
      .flush(evaluationDto({ state: 'queued', queuePosition: 2, aggregate: null, progress: null }));
    await fixture.whenStable();
    expect(state()).toBe('Queued #2');
    vi.useFakeTimers();
    try {
      FakeEventSource.last().fail(true);
      fixture.detectChanges();
      expect(text('live-lost')).toContain('trying again');
      vi.advanceTimersByTime(JOB_STREAM_RETRY_MS);
      expect(FakeEventSource.created.length).toBe(2);
      FakeEventSource.last().snapshot(evaluationDto({ state: 'running', aggregate: null }), 3);
      fixture.detectChanges();
      expect(state()).toBe('Running');
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when the evaluation does not exist', async () => {
    await render();
    http
      .expectOne(URL)
      .flush(
        { statusCode: 404, message: 'Evaluation x not found' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(el().textContent).toContain('Evaluation not found');
    expect(el().textContent).toContain('Evaluation x not found');
  });
});

/** The label values of a one-slice label NIfTI (the voxels after its header). */
function voxels(file: ViewerInput['prediction']): number[] {
  if (!file || !('bytes' in file)) throw new Error('No label map in memory');
  return [...new Uint8Array(file.bytes, 352)];
}
