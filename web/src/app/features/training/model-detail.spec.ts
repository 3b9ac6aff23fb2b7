import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { FakeChart } from '../../testing/fake-chart';
import { EVALUATION_ID, batchDto, evaluationDto } from '../../testing/evaluation-fixtures';
import { FakeEventSource, jobEvents } from '../../testing/fake-event-source';
import { FakeXhr } from '../../testing/fake-xhr';
import { datasetDto, page } from '../../testing/dataset-fixtures';
import { XHR_FACTORY } from '../../shared/xhr-upload';
import { DATASETS_URL } from '../datasets/dataset.service';
import {
  MODEL_ID,
  epochDto,
  hyperparametersDto,
  modelDetailDto,
  modelDto,
  modelMetricsDto,
  trainingDetailDto,
} from '../../testing/model-fixtures';
import { CHART_FACTORY } from './metric-chart';
import { type ModelDetailDto } from './model.model';
import { MODELS_URL } from '../../shared/api-urls';
import { JOB_STREAM_RETRY_MS } from '../../shared/jobs/job-event-source';
import { ModelDetail, progressText } from './model-detail';
import { signIn } from '../../testing/auth-fixtures';
import { SHARED_BY_GRACE } from '../../testing/owner-fixtures';

@Component({ template: '' })
class Stub {}

const DETAIL_URL = `${MODELS_URL}/${MODEL_ID}`;

describe('ModelDetail', () => {
  let fixture: ComponentFixture<ModelDetail>;
  let http: HttpTestingController;

  function configure(): void {
    TestBed.configureTestingModule({
      imports: [ModelDetail],
      providers: [
        provideRouter([
          { path: 'training', component: Stub },
          { path: 'evaluations/:id', component: Stub },
          { path: 'batches/:id', component: Stub },
        ]),
        { provide: XHR_FACTORY, useFactory: () => FakeXhr.factory() },
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
        { provide: CHART_FACTORY, useFactory: () => FakeChart.factory() },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(async () => {
    configure();
    await signIn('researcher');
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  async function render(detail: ModelDetailDto): Promise<void> {
    fixture = TestBed.createComponent(ModelDetail);
    fixture.componentRef.setInput('id', MODEL_ID);
    fixture.detectChanges();
    http.expectOne(DETAIL_URL).flush(detail);
    await fixture.whenStable();
  }

  function byTestId(id: string): HTMLElement | null {
    return fixture.nativeElement.querySelector(`[data-testid="${id}"]`);
  }

  function text(id: string): string {
    return byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  /** The value a description list gives for a term. */
  function term(id: string, label: string): string {
    const dt = Array.from(byTestId(id)?.querySelectorAll('dt') ?? []).find(
      (d) => d.textContent?.trim() === label,
    );
    return dt?.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  function status(): string {
    return byTestId('model-status')?.querySelector('.label')?.textContent?.trim() ?? '';
  }

  /** The loss chart is created first, the Dice chart second. */
  function charts(): { loss: FakeChart; dice: FakeChart } {
    const [loss, dice] = FakeChart.created;
    return { loss, dice };
  }

  it("shows the model card's final metrics: summary cards and a per-class table with unscored classes", async () => {
    // The history's best (epoch 3, 0.56) differs from the card: the card is the model's record.
    const history = [epochDto(1), epochDto(2), epochDto(3, { isBest: true })];
    await render(
      modelDetailDto({ history, epochsDone: 10, classes: null, metrics: modelMetricsDto() }),
    );
    http.expectOne(`${DETAIL_URL}/evaluations`).flush([]);
    http.expectOne(`${DETAIL_URL}/batches`).flush([]);

    expect(text('metric-best-dice')).toContain('0.612');
    expect(text('metric-best-dice')).toContain('epoch 7');
    expect(text('metric-best-iou')).toContain('0.470');
    expect(text('model-per-class')).toContain('Per class at epoch 7');
    const cells = Array.from(byTestId('model-per-class')!.querySelectorAll('tbody tr')).map((tr) =>
      Array.from(tr.querySelectorAll('td')).map((td) =>
        td.textContent?.replace(/\s+/g, ' ').trim(),
      ),
    );
    expect(cells).toEqual([
      ['background', '0.991', '0.982'],
      ['label 1', '0.612', '0.470'],
      ['label 2', 'not scored'],
    ]);
  });

  it('shows a finished model: metrics, charts of its history, hyperparameters, data, weights', async () => {
    const history = [
      epochDto(1, { isBest: true }),
      epochDto(2, { isBest: true }),
      epochDto(3, { isBest: false, valDice: 0.5 }),
    ];
    await render(modelDetailDto({ history, epochsDone: 3 }));

    expect(fixture.nativeElement.querySelector('h1')?.textContent).toContain('brain-unet');
    expect(status()).toBe('Completed');
    expect(byTestId('model-cancel')).toBeNull();
    expect(byTestId('model-delete')).not.toBeNull();
    expect(byTestId('training-progress')).toBeNull();
    expect(byTestId('model-error')).toBeNull();

    expect(text('metric-best-dice')).toContain('0.540');
    expect(text('metric-best-dice')).toContain('epoch 2');
    expect(byTestId('loss-chart')?.getAttribute('data-points')).toBe('3');
    expect(byTestId('dice-chart')?.getAttribute('data-points')).toBe('3');
    const { loss, dice } = charts();
    expect(loss.data.datasets.map((d) => d.label)).toEqual(['Train loss', 'Validation loss']);
    expect(loss.points(0)).toEqual(history.map((e) => [e.epoch, e.trainLoss]));
    expect(dice.points(0)).toEqual(history.map((e) => [e.epoch, e.valDice]));
    expect(dice.points(1)).toEqual(history.map((e) => [e.epoch, e.valIou]));

    expect(term('model-hyperparameters', 'Learning rate')).toBe('0.001');
    expect(term('model-hyperparameters', 'Optimizer')).toBe('Adam');
    expect(term('model-hyperparameters', 'Input size')).toBe('256 × 256 px');
    expect(term('model-hyperparameters', 'Dropout')).toBe('None');
    expect(term('model-hyperparameters', 'Guided')).toBe('No');
    expect(term('model-hyperparameters', 'Augmentation')).toBe('nnU-Net');
    expect(term('model-hyperparameters', 'LR schedule')).toBe('Poly with warm-up');
    expect(term('model-hyperparameters', 'Early stopping')).toBe('Off');
    expect(term('model-data', 'Dataset')).toBe('brain-slices');
    expect(term('model-data', 'Training pairs')).toBe('145');
    expect(
      Array.from(byTestId('model-classes')!.querySelectorAll('.label-value')).map(
        (e) => e.textContent,
      ),
    ).toEqual(['background', 'lesion']);
    expect(text('model-per-class')).toContain('background');
    expect(term('model-weights', 'Best checkpoint')).toBe('31.0 MB');
    expect(term('model-weights', 'SHA-256')).toBe('ab12ab12ab12');
    expect(FakeEventSource.created).toEqual([]);

    // A completed model lists its evaluations and batches, and offers its actions.
    http
      .expectOne(`${DETAIL_URL}/evaluations`)
      .flush([evaluationDto(), evaluationDto({ id: 'e2', state: 'running', aggregate: null })]);
    http.expectOne(`${DETAIL_URL}/batches`).flush([batchDto()]);
    await fixture.whenStable();
    const evaluations = byTestId('model-evaluations')!.querySelectorAll('li');
    expect(evaluations.length).toBe(2);
    expect(evaluations[0].textContent).toContain('Dice 0.910');
    expect(evaluations[0].querySelector('a')?.getAttribute('href')).toBe(
      `/evaluations/${EVALUATION_ID}`,
    );
    expect(evaluations[1].textContent).toContain('Images 36/36');
    expect(text('model-batches')).toContain('scans.zip');
    expect(text('model-batches')).toContain('20 images, 1 failed');
    expect(byTestId('model-evaluate')).not.toBeNull();
    expect(byTestId('model-batch')).not.toBeNull();
    byTestId('model-export')!.click();
    await fixture.whenStable();
    expect(document.querySelector('[data-testid="model-export-onnx"]')?.getAttribute('href')).toBe(
      `${DETAIL_URL}/export?format=onnx`,
    );
    expect(
      document.querySelector('[data-testid="model-export-torchscript"]')?.getAttribute('href'),
    ).toBe(`${DETAIL_URL}/export?format=torchscript`);
    expect(document.body.textContent).toContain('first export of each format takes a few seconds');
  });

  async function renderCompleted(): Promise<void> {
    await render(modelDetailDto());
    http.expectOne(`${DETAIL_URL}/evaluations`).flush([]);
    http.expectOne(`${DETAIL_URL}/batches`).flush([]);
    await fixture.whenStable();
  }

  it('starts an evaluation on another dataset over all its pairs and opens it', async () => {
    await renderCompleted();
    expect(text('model-evaluations')).toContain('Not evaluated yet');
    byTestId('model-evaluate')!.click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.url === DATASETS_URL)
      .flush(page([datasetDto(), datasetDto({ id: 'other', name: 'other-slices' })]));
    await fixture.whenStable();
    const dialog = document.querySelector('app-evaluate-dialog')!;
    const validation = dialog.querySelector<HTMLInputElement>(
      'mat-radio-button[value="validation"] input',
    )!;
    expect(validation.checked).toBe(true);

    dialog
      .querySelector<HTMLElement>('[data-testid="evaluate-dataset"] .mat-mdc-select-trigger')!
      .click();
    await fixture.whenStable();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((o) => o.textContent?.includes('other-slices'))!
      .click();
    await fixture.whenStable();
    expect(validation.disabled).toBe(true);
    dialog.querySelector<HTMLButtonElement>('[data-testid="evaluate-submit"]')!.click();
    const req = http.expectOne(`${DETAIL_URL}/evaluations`);
    expect(req.request.body).toEqual({ datasetId: 'other', subset: 'all' });
    req.flush(evaluationDto({ state: 'queued' }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(TestBed.inject(Router).url).toBe(`/evaluations/${EVALUATION_ID}`);
  });

  it('uploads a ZIP for batch inference with progress and opens the batch', async () => {
    await renderCompleted();
    byTestId('model-batch')!.click();
    await fixture.whenStable();
    http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto()]));
    await fixture.whenStable();
    const dialog = document.querySelector('app-batch-dialog')!;
    const input = dialog.querySelector<HTMLInputElement>('[data-testid="batch-file-input"]')!;
    Object.defineProperty(input, 'files', {
      value: [new File(['zip'], 'scans.zip')],
      configurable: true,
    });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    dialog.querySelector<HTMLButtonElement>('[data-testid="batch-submit"]')!.click();
    await fixture.whenStable();
    const xhr = FakeXhr.last();
    expect(xhr.url).toBe(`${DETAIL_URL}/batches`);
    expect((xhr.body!.get('archive') as File).name).toBe('scans.zip');
    xhr.progress(1_500_000, 3_000_000);
    await fixture.whenStable();
    expect(dialog.querySelector('[data-testid="batch-upload-progress"]')?.textContent).toContain(
      '1.5 MB of 3.0 MB',
    );
    xhr.respond(202, batchDto({ state: 'queued' }));
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(TestBed.inject(Router).url).toBe(`/batches/${batchDto().id}`);
  });

  it('appends points to the same charts as epoch events arrive', async () => {
    await render(trainingDetailDto());
    const source = FakeEventSource.last();
    const { loss, dice } = charts();
    const updates = loss.updates;
    expect(loss.points(0).length).toBe(2);

    source.job(jobEvents.of(10, { type: 'epoch', epoch: { ...epochDto(3), epochs: 30 } }));
    await fixture.whenStable();

    expect(FakeChart.created.length).toBe(2);
    expect(loss.points(0).map(([x]) => x)).toEqual([1, 2, 3]);
    expect(dice.points(0).at(-1)).toEqual([3, epochDto(3).valDice]);
    expect(loss.updates).toBe(updates + 1);
    expect(byTestId('loss-chart')?.getAttribute('data-points')).toBe('3');
    expect(byTestId('dice-chart')?.getAttribute('data-points')).toBe('3');

    // A replay of an epoch already shown changes nothing on screen.
    source.job(jobEvents.of(10, { type: 'epoch', epoch: { ...epochDto(3), epochs: 30 } }));
    await fixture.whenStable();
    expect(loss.points(0).length).toBe(3);
  });

  it('shows progress within the epoch from step events', async () => {
    await render(trainingDetailDto());
    FakeEventSource.last().job(
      jobEvents.of(11, {
        type: 'step',
        step: {
          epoch: 3,
          epochs: 30,
          step: 12,
          totalSteps: 40,
          trainLoss: 0.3,
          samplesPerSecond: 45.2,
          elapsedSeconds: 95,
          etaSeconds: 80,
        },
      }),
    );
    await fixture.whenStable();

    expect(text('training-progress-text')).toBe(
      'Epoch 3/30 · step 12/40 · 45.2 samples/s · ETA 1m 20s',
    );
    expect(status()).toBe('Epoch 3/30');
    expect(byTestId('model-cancel')).not.toBeNull();
    expect(byTestId('model-delete')).toBeNull();
  });

  it('shows the queue position while the job waits', async () => {
    await render(trainingDetailDto({ jobState: 'queued', queuePosition: 2, history: [] }));

    expect(text('training-progress')).toContain('Waiting in the queue · #2');
    expect(status()).toBe('Queued #2');
    expect(byTestId('loss-chart')?.getAttribute('data-points')).toBe('0');
    expect(text('loss-chart')).toContain('The first points appear when epoch 1 ends.');
  });

  it('shows why training failed', async () => {
    await render(
      modelDetailDto({
        status: 'failed',
        jobState: 'failed',
        error: 'CUDA out of memory',
        weights: null,
      }),
    );

    expect(text('model-error')).toContain('Training failed');
    expect(text('model-error')).toContain('CUDA out of memory');
    expect(status()).toBe('Failed');
  });

  it('shows a cancelled model as cancelled, not as broken', async () => {
    await render(
      modelDetailDto({
        status: 'failed',
        jobState: 'cancelled',
        error: 'cancelled',
        weights: null,
      }),
    );

    expect(byTestId('model-error')?.getAttribute('data-cancelled')).toBe('true');
    expect(text('model-error')).toContain('Cancelled');
    expect(status()).toBe('Cancelled');
  });

  it('turns into the final state when the job ends while watched', async () => {
    await render(trainingDetailDto());
    const source = FakeEventSource.last();
    source.job(jobEvents.status(12, 'failed', 'Loss became NaN', { reason: 'invalid_input' }));
    await fixture.whenStable();

    expect(source.closed).toBe(true);
    expect(text('model-error')).toContain('Loss became NaN');
    http
      .expectOne(DETAIL_URL)
      .flush(modelDetailDto({ status: 'failed', jobState: 'failed', error: 'Loss became NaN' }));
  });

  it('asks before cancelling, then cancels', async () => {
    await render(trainingDetailDto());
    byTestId('model-cancel')!.click();
    await fixture.whenStable();

    document.querySelector<HTMLElement>('[data-testid="confirm-ok"]')!.click();
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));

    const req = http.expectOne(`${DETAIL_URL}/cancel`);
    expect(req.request.method).toBe('POST');
    req.flush(modelDto({ status: 'failed', jobState: 'cancelled', error: 'cancelled' }));
    await fixture.whenStable();
  });

  it('closes the event stream when the page is left', async () => {
    await render(trainingDetailDto());
    const source = FakeEventSource.last();

    fixture.destroy();
    expect(source.closed).toBe(true);
  });

  it('opens the event stream again when the gateway refuses it', async () => {
    await render(trainingDetailDto());
    vi.useFakeTimers();
    try {
      FakeEventSource.last().fail(true);
      fixture.detectChanges();
      expect(byTestId('live-lost')).not.toBeNull();

      vi.advanceTimersByTime(JOB_STREAM_RETRY_MS);
      expect(FakeEventSource.created.length).toBe(2);
      FakeEventSource.last().snapshot(trainingDetailDto(), 5);
      fixture.detectChanges();
      expect(byTestId('live-lost')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says a model stopped early', async () => {
    await render(modelDetailDto({ reason: 'stopped_early', stoppedEarly: true, epochsDone: 7 }));
    http.expectOne(`${DETAIL_URL}/evaluations`).flush([]);
    http.expectOne(`${DETAIL_URL}/batches`).flush([]);
    await fixture.whenStable();
    expect(text('model-stopped-early')).toContain('Stopped early at epoch 7 of 30');
    expect(status()).toBe('Completed');
  });

  it('names the training recipe: augmentation preset, schedule and early stopping', async () => {
    const hyperparameters = hyperparametersDto({
      augmentationPreset: 'light',
      lrSchedule: 'cosine',
      earlyStoppingPatience: 20,
    });
    await render(modelDetailDto({ hyperparameters }));
    http.expectOne(`${DETAIL_URL}/evaluations`).flush([]);
    http.expectOne(`${DETAIL_URL}/batches`).flush([]);
    await fixture.whenStable();

    expect(term('model-hyperparameters', 'Augmentation')).toBe('Light');
    expect(term('model-hyperparameters', 'LR schedule')).toBe('Cosine');
    expect(term('model-hyperparameters', 'Early stopping')).toBe(
      'After 20 epochs without improvement',
    );
  });

  it('offers a retry of a failed upload, and completes the model with it', async () => {
    await render(
      modelDetailDto({
        status: 'failed',
        jobState: 'failed',
        reason: 'storage_error',
        error: 'upload failed',
      }),
    );
    expect(text('model-error')).toContain('upload failed');
    byTestId('model-retry-upload')!.click();
    const req = http.expectOne(`${DETAIL_URL}/retry-upload`);
    expect(req.request.method).toBe('POST');
    req.flush(modelDetailDto());
    await fixture.whenStable();
    http.expectOne(`${DETAIL_URL}/evaluations`).flush([]);
    http.expectOne(`${DETAIL_URL}/batches`).flush([]);
    await fixture.whenStable();
    expect(byTestId('model-error')).toBeNull();
    expect(status()).toBe('Completed');
  });

  it('says when the model does not exist', async () => {
    fixture = TestBed.createComponent(ModelDetail);
    fixture.componentRef.setInput('id', MODEL_ID);
    fixture.detectChanges();
    http
      .expectOne(DETAIL_URL)
      .flush(
        { statusCode: 404, message: `Model ${MODEL_ID} not found`, error: 'Not Found' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();

    expect(fixture.nativeElement.textContent).toContain('Model not found');
  });

  it('shares the model with the lab from its page', async () => {
    await render(modelDetailDto());
    http.match(() => true).forEach((r) => r.flush([]));
    expect(byTestId('visibility')?.dataset['visibility']).toBe('private');

    byTestId('sharing-toggle')!.querySelector<HTMLButtonElement>('button')!.click();
    await fixture.whenStable();
    const req = http.expectOne(`${DETAIL_URL}/visibility`);
    expect(req.request.method).toBe('PUT');
    expect(req.request.body).toEqual({ visibility: 'shared' });
    req.flush(modelDetailDto({ visibility: 'shared' }));
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(byTestId('visibility')?.dataset['visibility']).toBe('shared');
    expect(text('sharing-panel')).toContain('Ada Lovelace');
  });

  it("lets a researcher evaluate someone else's shared model but not share or delete it", async () => {
    await render(modelDetailDto(SHARED_BY_GRACE));
    http.match(() => true).forEach((r) => r.flush([]));

    expect(text('sharing-panel')).toContain('Grace Hopper');
    expect(byTestId('model-evaluate')).not.toBeNull();
    expect(byTestId('model-batch')).not.toBeNull();
    expect(byTestId('sharing-toggle')).toBeNull();
    expect(byTestId('model-delete')).toBeNull();
  });

  it("offers no Cancel or upload retry on someone else's model", async () => {
    await render(trainingDetailDto(SHARED_BY_GRACE));
    expect(byTestId('model-cancel')).toBeNull();

    fixture.destroy();
    const failed = { status: 'failed', jobState: 'failed', reason: 'storage_error' } as const;
    await render(modelDetailDto({ ...failed, ...SHARED_BY_GRACE }));
    expect(byTestId('model-error')).not.toBeNull();
    expect(byTestId('model-retry-upload')).toBeNull();
  });

  describe('for a viewer', () => {
    beforeEach(async () => {
      TestBed.resetTestingModule();
      configure();
      await signIn('viewer');
    });

    it('offers the export of a finished model but not evaluate, batch or delete', async () => {
      await render(modelDetailDto({ history: [epochDto(1, { isBest: true })], epochsDone: 1 }));
      http.match(() => true).forEach((r) => r.flush([]));

      expect(byTestId('model-export')).not.toBeNull();
      expect(byTestId('model-evaluate')).toBeNull();
      expect(byTestId('model-batch')).toBeNull();
      expect(byTestId('model-delete')).toBeNull();
    });

    it('shows a training without its Cancel button', async () => {
      await render(modelDetailDto({ status: 'training', jobState: 'running', history: [] }));

      expect(byTestId('training-progress')).not.toBeNull();
      expect(byTestId('model-cancel')).toBeNull();
    });
  });
});

describe('progressText', () => {
  it('leaves out what is not known yet', () => {
    expect(
      progressText({
        epoch: 1,
        epochs: 5,
        step: 0,
        totalSteps: 0,
        samplesPerSecond: 0,
        etaSeconds: 0,
      }),
    ).toBe('Epoch 1/5');
  });
});
