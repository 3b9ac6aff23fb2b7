import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { datasetDto, detailDto, page, pairDto } from '../../testing/dataset-fixtures';
import { aggregateDto, evaluationDto, stat } from '../../testing/evaluation-fixtures';
import { FakeChart } from '../../testing/fake-chart';
import { fakeDecoder, segmentResultDto } from '../../testing/inference-fixtures';
import {
  epochDto,
  hyperparametersDto,
  modelDetailDto,
  modelDto,
} from '../../testing/model-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { RASTER_DECODER } from '../inference/raster';
import { CHART_FACTORY } from '../training/metric-chart';
import { MODELS_URL } from '../../shared/api-urls';
import { PALETTE_URL } from '../../shared/class-palette';
import { VolumeViewer } from '../../shared/volume-viewer/volume-viewer';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { ComparePage } from './compare-page';
import { EVALUATIONS_URL } from '../evaluation/evaluation.service';

const DATASET = datasetDto().id;

describe('ComparePage', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'compare', component: ComparePage }], withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: CHART_FACTORY, useFactory: () => FakeChart.factory() },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: RASTER_DECODER, useValue: fakeDecoder() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const el = (): HTMLElement => harness.routeNativeElement as HTMLElement;

  async function settle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await harness.fixture.whenStable();
    }
  }

  const a = modelDetailDto({
    id: 'a',
    name: 'small',
    bestDice: 0.8,
    history: [epochDto(1, { valDice: 0.7 }), epochDto(2, { valDice: 0.8 })],
  });
  const b = modelDetailDto({
    id: 'b',
    name: 'large',
    version: 2,
    bestDice: 0.85,
    hyperparameters: hyperparametersDto({ baseChannels: 64 }),
    history: [epochDto(1, { valDice: 0.85 })],
  });

  async function open(): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/compare?ids=a,b');
    http
      .expectOne((r) => r.url === MODELS_URL)
      .flush(page([modelDto({ id: 'a' }), modelDto({ id: 'b' })]));
    http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto()]));
    http.expectOne(`${MODELS_URL}/a`).flush(a);
    http.expectOne(`${MODELS_URL}/b`).flush(b);
    http
      .expectOne(`${MODELS_URL}/a/evaluations`)
      .flush([
        evaluationDto({ aggregate: aggregateDto({ dice: stat(0.9), hausdorff95: stat(3) }) }),
      ]);
    http.expectOne(`${MODELS_URL}/b/evaluations`).flush([]);
    await settle();
    http
      .expectOne((r) => r.url === `${DATASETS_URL}/${DATASET}/pairs`)
      .flush(page([pairDto(0), pairDto(1)]));
    http
      .expectOne(`${DATASETS_URL}/${DATASET}`)
      .flush(detailDto({ labels: [{ value: 255, name: 'lesion', color: '' }] }));
    await settle();
  }

  it('shows one column per model with the best value of each metric marked', async () => {
    await open();
    const heads = Array.from(el().querySelectorAll('[data-testid="compare-model"]')).map(
      (th) =>
        `${th.querySelector('.model-link')?.textContent} ${th.querySelector('.version')?.textContent}`,
    );
    expect(heads).toEqual(['small v1', 'large v2']);
    const row = (key: string) => el().querySelector<HTMLElement>(`tr[data-row="${key}"]`)!;
    const cells = (key: string) =>
      Array.from(row(key).querySelectorAll('td')).map((td) =>
        td.textContent?.replace(/\s+/g, ' ').trim(),
      );
    expect(cells('bestDice')).toEqual(['0.800', 'emoji_events 0.850']);
    expect(row('bestDice').querySelectorAll('td')[1].getAttribute('data-best')).toBe('true');
    expect(cells('evalDice')).toEqual(['0.900', '–']);
    expect(row('evalDice').querySelector('[data-testid="best-marker"]')).toBeNull();
    expect(cells('encoder')).toEqual(['4 levels · 32 channels', '4 levels · 64 channels']);
    expect(row('encoder').classList).toContain('differs');
    expect(el().querySelectorAll('[data-testid="best-marker"]').length).toBeGreaterThan(0);
  });

  it('warns when not every model was evaluated, and evaluates all on one dataset to rank them', async () => {
    await open();
    expect(el().querySelector('[data-testid="compare-data-warning"]')?.textContent).toContain(
      '1 of the models has no completed evaluation',
    );
    const button = el().querySelector<HTMLButtonElement>('[data-testid="compare-evaluate-all"]')!;
    expect(button.textContent).toContain(`Evaluate all on ${datasetDto().name}`);
    button.click();
    await settle();
    const started = http.expectOne(`${EVALUATIONS_URL}/batch-compare`);
    expect(started.request.body).toEqual({ modelIds: ['a', 'b'], datasetId: DATASET });
    const running = (id: string, modelId: string) =>
      evaluationDto({
        id,
        modelId,
        datasetId: DATASET,
        subset: 'all',
        state: 'running',
        aggregate: null,
      });
    started.flush({
      datasetId: DATASET,
      evaluations: [running('ea', 'a'), running('eb', 'b')],
      evaluationIds: ['ea', 'eb'],
      refused: [],
    });
    await settle();
    const done = (id: string, modelId: string, dice: number) =>
      evaluationDto({
        id,
        modelId,
        datasetId: DATASET,
        subset: 'all',
        aggregate: aggregateDto({ dice: stat(dice) }),
      });
    http.expectOne(`${MODELS_URL}/a/evaluations`).flush([done('ea', 'a', 0.7)]);
    http.expectOne(`${MODELS_URL}/b/evaluations`).flush([done('eb', 'b', 0.75)]);
    await settle();
    expect(el().querySelector('[data-testid="compare-data-warning"]')).toBeNull();
    expect(el().querySelector('[data-testid="compare-evaluate-status"]')?.textContent).toContain(
      `rank the evaluations on ${datasetDto().name} (all pairs)`,
    );
    const evalDice = el().querySelector<HTMLElement>('tr[data-row="evalDice"]')!;
    const cells = Array.from(evalDice.querySelectorAll('td')).map((td) =>
      td.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(cells).toEqual(['0.700', 'emoji_events 0.750']);
  });

  it('overlays the curves of all models and switches to the losses', async () => {
    await open();
    const chart = FakeChart.created[0];
    expect(chart.data.datasets.map((d) => d.label)).toEqual(['small v1', 'large v2']);
    expect(chart.points(0)).toEqual([
      [1, 0.7],
      [2, 0.8],
    ]);
    expect(chart.data.datasets[0].borderColor).not.toBe(chart.data.datasets[1].borderColor);
    Array.from(el().querySelectorAll<HTMLButtonElement>('mat-button-toggle button'))
      .find((b) => b.textContent?.trim() === 'Loss')!
      .click();
    await settle();
    expect(chart.data.datasets.map((d) => d.label)).toEqual([
      'small v1 · val',
      'small v1 · train',
      'large v2 · val',
      'large v2 · train',
    ]);
  });

  it("segments the chosen pair with every model and shows each prediction's Dice", async () => {
    await open();
    el()
      .querySelector<HTMLElement>('[data-testid="compare-pair"] .mat-mdc-select-trigger')!
      .click();
    await settle();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((o) => o.textContent?.includes('case_001'))!
      .click();
    await settle();
    for (const [id, dice] of [
      ['a', 0.812],
      ['b', 0.9],
    ] as const) {
      const req = http.expectOne((r) => r.url === `${MODELS_URL}/${id}/segment-pair`);
      expect(req.request.params.get('persist')).toBe('false');
      expect(req.request.params.get('include')).toBe('image');
      expect(req.request.body).toEqual({ datasetId: DATASET, pairIndex: 1 });
      req.flush(
        segmentResultDto({ groundTruth: 'data:image/png;base64,truth', dice, iou: dice - 0.1 }),
      );
    }
    await settle();
    const dice = Array.from(el().querySelectorAll('[data-testid="compare-dice"]')).map((d) =>
      d.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(dice).toEqual(['Dice 0.812 · IoU 0.712', 'Dice 0.900 · IoU 0.800']);
    // The served palette, asked for by each viewer until it is there.
    for (const req of http.match(PALETTE_URL)) req.flush({ colors: [[255, 0, 0]] });
    await settle();

    // The pair's ground truth once, then each model's prediction alone, as one-slice label maps.
    const viewers = Object.fromEntries(
      harness.fixture.debugElement
        .queryAll(By.directive(VolumeViewer))
        .map((d) => d.componentInstance as VolumeViewer)
        .map((v) => [v.testId(), v.input()]),
    );
    expect(Object.keys(viewers)).toEqual([
      'compare-truth',
      'compare-prediction-0',
      'compare-prediction-1',
    ]);
    expect(viewers['compare-truth'].prediction).toBeNull();
    expect(voxels(viewers['compare-truth'].truth)).toEqual([0, 255, 0, 0]);
    for (const id of ['compare-prediction-0', 'compare-prediction-1']) {
      expect(viewers[id].truth).toBeNull();
      expect(voxels(viewers[id].prediction)).toEqual([0, 255, 255, 0]);
      expect(viewers[id].labels).toEqual([{ value: 255, name: 'lesion', color: '' }]);
      expect(viewers[id].image).toEqual({
        name: 'image.png',
        bytes: new TextEncoder().encode('image').buffer,
      });
    }
  });
});

/** The label values of a one-slice label NIfTI (the voxels after its header). */
function voxels(file: ViewerInput['prediction']): number[] {
  if (!file || !('bytes' in file)) throw new Error('No label map in memory');
  return [...new Uint8Array(file.bytes, 352)];
}
