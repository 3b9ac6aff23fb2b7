import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { MODELS_URL } from '../../shared/api-urls';
import { PALETTE_URL } from '../../shared/class-palette';
import { evaluationImageDto } from '../../testing/evaluation-fixtures';
import { fakeDecoder, segmentResultDto } from '../../testing/inference-fixtures';
import { MODEL_ID } from '../../testing/model-fixtures';
import { RASTER_DECODER } from '../inference/raster';
import { EvaluationImageDialog, type EvaluationImageDialogData } from './evaluation-image-dialog';

const DATASET_ID = 'd0000000-0000-4000-8000-000000000001';

describe('EvaluationImageDialog', () => {
  let http: HttpTestingController;

  const volume = evaluationImageDto(1, 0.7, {
    name: 'liver_003',
    kind: 'volume',
    shape: [12, 40, 48],
    spacing: [2.5, 0.8, 0.8],
    distanceUnit: 'mm',
    caseIndex: 3,
  });

  function open(images = [evaluationImageDto(0, 0.9), volume], index = 0) {
    TestBed.configureTestingModule({
      imports: [EvaluationImageDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: RASTER_DECODER, useValue: fakeDecoder() },
        {
          provide: MAT_DIALOG_DATA,
          useValue: {
            modelId: MODEL_ID,
            datasetId: DATASET_ID,
            images,
            index,
          } satisfies EvaluationImageDialogData,
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(EvaluationImageDialog);
    fixture.detectChanges();
    return fixture;
  }

  afterEach(() => http.verify());

  const button = (el: HTMLElement, label: string) =>
    el.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;

  it('steps from an image to a volume case, and closing cancels the running case', async () => {
    const fixture = open();
    const el: HTMLElement = fixture.nativeElement;
    http
      .expectOne(`${MODELS_URL}/${MODEL_ID}/segment-pair?persist=false&include=image`)
      .flush(segmentResultDto({ groundTruth: 'data:image/png;base64,truth' }));
    await fixture.whenStable();
    expect(el.querySelector('app-evaluation-pair-view')).not.toBeNull();
    expect(el.textContent).toContain('pair 10 · 64 × 64');
    expect(button(el, 'Previous image').disabled).toBe(true);

    button(el, 'Next image').click();
    fixture.detectChanges();
    await fixture.whenStable();
    const req = http.expectOne(`${MODELS_URL}/${MODEL_ID}/segment-case`);
    expect(req.request.body).toEqual({ datasetId: DATASET_ID, caseIndex: 3 });
    expect(el.querySelector('app-evaluation-pair-view')).toBeNull();
    expect(
      el.querySelector('[data-testid="image-dialog-running"] mat-progress-bar'),
    ).not.toBeNull();
    expect(el.textContent).toContain('case 3 · 12 × 40 × 48 · 2.5 × 0.8 × 0.8 mm');
    expect(button(el, 'Next image').disabled).toBe(true);

    // The palette the pair's viewer asked for; then the dialog goes while the case still runs.
    for (const palette of http.match(PALETTE_URL)) palette.flush({ colors: [[255, 0, 0]] });
    fixture.destroy();
    expect(req.cancelled).toBe(true);
  });

  it('says why a volume without a dataset case cannot be opened', async () => {
    const fixture = open([{ ...volume, caseIndex: null }]);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain(
      'The report names no dataset case for this volume.',
    );
  });
});
