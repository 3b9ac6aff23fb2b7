import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { datasetDto, page } from '../../testing/dataset-fixtures';
import { FakeEventSource } from '../../testing/fake-event-source';
import { MODEL_ID, defaultsDto, hyperparametersDto, modelDto } from '../../testing/model-fixtures';
import { type DatasetDto } from '../datasets/dataset.model';
import { DATASETS_URL } from '../datasets/dataset.service';
import { MODELS_URL } from '../../shared/api-urls';
import { formatLimit } from './hyperparameter-validators';
import { TrainingForm } from './training-form';
import { TRAINING_DEFAULTS_URL } from './training-form.store';
import { type HyperparametersDto, type TrainingDefaultsDto } from './model.model';
import { signIn } from '../../testing/auth-fixtures';
import { SHARED_BY_GRACE } from '../../testing/owner-fixtures';

@Component({ template: '' })
class Stub {}

/** unet_3d's defaults by dataset id; a dataset not listed has no volumes. */
const VOLUME_DEFAULTS: Record<string, HyperparametersDto> = {
  a: hyperparametersDto({
    architecture: 'unet_3d',
    batchSize: 2,
    patchSize: [16, 40, 48],
    targetSpacing: [2.5, 0.8, 0.8],
    foregroundOversampling: 0.33,
  }),
};

type AutoAnswer = Pick<TrainingDefaultsDto, 'autoDefaults' | 'autoChoices' | 'volumeChoices'>;

/** The Auto preset by dataset id; a dataset not listed has no statistics (plain defaults). */
const AUTO: Partial<Record<string, AutoAnswer>> = {
  a: {
    autoDefaults: hyperparametersDto({ epochs: 120, batchSize: 12, inputSize: 224, depth: 5 }),
    autoChoices: [
      {
        field: 'inputSize',
        reason:
          '224 px: median longest side 217 px (most common size 181 × 217), rounded up to a multiple of 16',
      },
      { field: 'depth', reason: '5 levels: the deepest works on 14 px' },
      { field: 'batchSize', reason: '12: as many as fit in 8 GiB of CPU memory' },
      { field: 'epochs', reason: '120 epochs of 12 steps' },
      { field: 'augmentationPreset', reason: "nnU-Net's: rotation, scaling, noise" },
      { field: 'lrSchedule', reason: 'poly after a one-epoch warm-up' },
      { field: 'postprocessing', reason: 'largest connected component, where it raises Dice' },
    ],
    volumeChoices: [
      { field: 'patchSize', reason: '16 × 40 × 48 voxels: the median shape' },
      { field: 'batchSize', reason: '2: at most 2 on CPU' },
    ],
  },
};

/** What a 2D network's form sends: no patch or spacing (foreground oversampling is for every network). */
function twoD(hp: HyperparametersDto): Partial<HyperparametersDto> {
  const { patchSize: _p, targetSpacing: _t, ...rest } = hp;
  return rest;
}

const READY = [
  datasetDto({ id: 'a', name: 'brain', pairCount: 181 }),
  datasetDto({ id: 'b', name: 'liver', pairCount: 64 }),
];
describe('TrainingForm', () => {
  let fixture: ComponentFixture<TrainingForm>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TrainingForm],
      providers: [
        provideRouter([
          { path: 'training/:id', component: Stub },
          { path: 'datasets', component: Stub },
        ]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('researcher');
  });

  afterEach(() => http.verify());

  async function render(datasets: DatasetDto[] = READY): Promise<void> {
    fixture = TestBed.createComponent(TrainingForm);
    fixture.detectChanges();
    http.expectOne(`${MODELS_URL}/defaults`).flush(defaultsDto());
    http
      .expectOne((r) => r.url === DATASETS_URL)
      .flush(page([...datasets, datasetDto({ id: 'x', name: 'busy', status: 'uploaded' })]));
    await fixture.whenStable();
  }

  function byTestId<T extends HTMLElement = HTMLElement>(id: string): T | null {
    return fixture.nativeElement.querySelector(`[data-testid="${id}"]`);
  }

  function input(id: string): HTMLInputElement {
    return byTestId<HTMLInputElement>(id)!;
  }

  async function type(id: string, value: string): Promise<void> {
    const el = input(id);
    el.value = value;
    el.dispatchEvent(new Event('input'));
    el.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function choose(selectId: string, optionText: string): Promise<void> {
    byTestId(selectId)!.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await fixture.whenStable();
    const option = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find((o) =>
      o.textContent?.includes(optionText),
    );
    option!.click();
    await fixture.whenStable();
    // Choosing a dataset asks for its Auto values (and, with volumes, unet_3d's).
    for (const req of http.match((r) => r.url === TRAINING_DEFAULTS_URL)) {
      const id = req.request.params.get('datasetId')!;
      req.flush({
        ...defaultsDto(),
        autoDefaults: null,
        autoChoices: [],
        volumeChoices: [],
        ...AUTO[id],
        volumeDefaults: VOLUME_DEFAULTS[id] ?? null,
      } satisfies TrainingDefaultsDto);
    }
    await fixture.whenStable();
  }

  /** The Auto panel's lines, "label — reason"; "changed" after a label the user's value differs from. */
  function autoLines(): string[] {
    const text = (e: Element | null) => e!.textContent!.replace(/\s+/g, ' ').trim();
    return Array.from<HTMLElement>(
      fixture.nativeElement.querySelectorAll('[data-testid="training-auto"] .auto-choice'),
    ).map((e) => `${text(e.querySelector('dt'))} — ${text(e.querySelector('dd'))}`);
  }

  /** Lets the submit's promise chain (request, navigation) run to its end. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function errors(): string[] {
    return Array.from(fixture.nativeElement.querySelectorAll('mat-error')).map((e) =>
      (e as HTMLElement).textContent!.trim(),
    );
  }

  it('prefills the defaults and offers only the ready datasets with their pair counts', async () => {
    await render();

    expect(input('training-epochs').value).toBe('30');
    expect(input('training-learning-rate').value).toBe('0.001');
    expect(input('training-batch-size').value).toBe('8');
    expect(input('training-depth').value).toBe('4');
    expect(input('training-base-channels').value).toBe('32');

    byTestId('training-dataset')!.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll('mat-option')).map((o) =>
      o.textContent!.replace(/\s+/g, ' ').trim(),
    );
    // The upload time tells apart datasets of the same name.
    expect(options).toEqual([
      expect.stringMatching(/^brain · 181 pairs · uploaded 4 Mar 2025, \d\d:\d\d$/),
      expect.stringMatching(/^liver · 64 pairs · uploaded 4 Mar 2025, \d\d:\d\d$/),
    ]);
  });

  it("names the owner of someone else's dataset, so two of the same name differ", async () => {
    await render([
      datasetDto({ id: 'a', name: 'brain' }),
      datasetDto({ id: 'g', name: 'brain', ...SHARED_BY_GRACE }),
    ]);

    byTestId('training-dataset')!.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll('mat-option')).map((o) =>
      o.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(options[0]).not.toContain('Ada Lovelace');
    expect(options[1]).toMatch(/^brain · Grace Hopper · 181 pairs · uploaded .*$/);
  });

  it('links to the datasets page when no dataset is ready', async () => {
    await render([]);

    expect(byTestId('training-form')).toBeNull();
    const empty = byTestId('training-no-datasets')!;
    expect(empty.textContent).toContain('No dataset is ready for training');
    expect(empty.querySelector('a')?.getAttribute('href')).toBe('/datasets');
  });

  it('shows the allowed range under a value out of range and sends nothing', async () => {
    await render();
    await choose('training-dataset', 'brain');

    await type('training-epochs', '1000');
    expect(byTestId('training-epochs-error')?.textContent?.trim()).toBe(
      'Enter a whole number from 1 to 500.',
    );
    await type('training-epochs', '2.5');
    expect(errors()).toContain('Enter a whole number from 1 to 500.');
    await type('training-learning-rate', '3');
    expect(errors()).toContain('Enter a number from 1e-6 to 1.');
    await type('training-dropout', '0.7');
    expect(errors()).toContain('Enter a number from 0 to 0.5.');
    await type('training-name', '   ');
    expect(errors()).toContain('Give the model a name.');

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    http.expectNone(MODELS_URL);
  });

  it('asks for a dataset before training', async () => {
    await render();
    byTestId('training-submit')!.click();
    await fixture.whenStable();

    expect(errors()).toContain('Choose a dataset to train on.');
    http.expectNone(MODELS_URL);
  });

  it('posts the form and opens the new model', async () => {
    await render();
    await choose('training-dataset', 'liver');
    expect(input('training-name').value).toBe('liver-unet');
    await type('training-name', '  Liver U-Net  ');
    await type('training-epochs', '12');
    await choose('training-architecture', 'ResU-Net');
    expect(byTestId('training-depth')).toBeNull();
    await choose('training-encoder-depth', 'ResNet-18');
    await type('training-dropout', '0.2');

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === MODELS_URL && r.method === 'POST');
    expect(req.request.body).toEqual({
      name: 'Liver U-Net',
      datasetId: 'b',
      hyperparameters: twoD(
        hyperparametersDto({
          epochs: 12,
          architecture: 'resunet',
          encoderDepth: 18,
          dropout: 0.2,
        }),
      ),
    });
    req.flush(modelDto({ status: 'training', jobState: 'queued' }), {
      status: 201,
      statusText: 'Created',
    });
    await settle();
    http.expectOne((r) => r.url === MODELS_URL && r.method === 'GET').flush(page([]));
    await settle();

    expect(TestBed.inject(Router).url).toBe(`/training/${MODEL_ID}`);
  });

  it('trains a guided model when the Guided toggle is on', async () => {
    await render();
    await choose('training-dataset', 'liver');
    const toggle = byTestId('training-guided')!;
    expect(toggle.textContent).toContain('Guided (click, box, scribble and lasso prompts)');
    toggle.querySelector<HTMLButtonElement>('button[role="switch"]')!.click();
    await fixture.whenStable();

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === MODELS_URL && r.method === 'POST');
    expect(req.request.body.hyperparameters.guided).toBe(true);
    expect(req.request.body.hyperparameters).toEqual(twoD(hyperparametersDto({ guided: true })));
  });

  it('puts the message of a refused field under that field', async () => {
    await render();
    await choose('training-dataset', 'brain');

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    http.expectOne(MODELS_URL).flush(
      {
        statusCode: 400,
        message: ['hyperparameters.batchSize must not be greater than 64 for input size 512'],
        error: 'Bad Request',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();

    expect(errors()).toEqual([
      'hyperparameters.batchSize must not be greater than 64 for input size 512',
    ]);
    expect(byTestId('training-submit-error')).toBeNull();
  });

  it("refuses an input size that is not the ml-service's multiple for the chosen network", async () => {
    await render();
    await choose('training-dataset', 'brain');

    await type('training-input-size', '100');
    expect(errors()).toContain('Enter a multiple of 16 from 32 to 1024.');
    await type('training-input-size', '48');
    expect(errors()).toEqual([]);
    // Depth 6 halves the image five times: the rule for it asks for a multiple of 32.
    await type('training-depth', '6');
    expect(errors()).toContain('Enter a multiple of 32 from 32 to 1024.');

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    http.expectNone(MODELS_URL);
  });

  it("puts the ml-service's snake_case message under the field it names", async () => {
    await render();
    await choose('training-dataset', 'brain');

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    const message =
      'hyperparameters.input_size must be a multiple of 16 from 32 to 1024 for depth 4, got 100';
    http
      .expectOne(MODELS_URL)
      .flush(
        { statusCode: 400, message, error: 'Bad Request' },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();

    expect(errors()).toEqual([message]);
    expect(byTestId('training-submit-error')).toBeNull();
  });

  it('says when the dataset is no longer ready', async () => {
    await render();
    await choose('training-dataset', 'brain');

    byTestId('training-submit')!.click();
    await fixture.whenStable();
    http
      .expectOne(MODELS_URL)
      .flush(
        { statusCode: 409, message: 'Dataset brain is not ready', error: 'Conflict' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    http.expectOne((r) => r.url === DATASETS_URL).flush(page(READY));
    await settle();

    expect(byTestId('training-submit-error')?.textContent).toContain(
      'Could not start training: Dataset brain is not ready',
    );
  });
  async function architectureOptions(): Promise<string[]> {
    byTestId('training-architecture')!
      .querySelector<HTMLElement>('.mat-mdc-select-trigger')!
      .click();
    await fixture.whenStable();
    const options = Array.from(document.querySelectorAll('mat-option')).map((o) =>
      o.textContent!.trim(),
    );
    (document.querySelector('.cdk-overlay-backdrop') as HTMLElement | null)?.click();
    await fixture.whenStable();
    return options;
  }

  it("fills the fields left alone from the dataset's Auto values and says why", async () => {
    await render();
    await type('training-epochs', '12');
    await choose('training-dataset', 'brain');

    expect(input('training-epochs').value).toBe('12');
    expect(input('training-batch-size').value).toBe('12');
    expect(input('training-input-size').value).toBe('224');
    expect(input('training-depth').value).toBe('5');
    expect(byTestId('training-auto')?.textContent).toContain('Auto settings for brain');
    expect(autoLines()).toEqual([
      'Input size — 224 px: median longest side 217 px (most common size 181 × 217), rounded up to a multiple of 16',
      'Depth — 5 levels: the deepest works on 14 px',
      'Batch size — 12: as many as fit in 8 GiB of CPU memory',
      'Epochs changed — 120 epochs of 12 steps',
      "Augmentation — nnU-Net's: rotation, scaling, noise",
      'Learning-rate schedule — poly after a one-epoch warm-up',
      'Post-processing — largest connected component, where it raises Dice',
    ]);

    await choose('training-augmentation', 'Light');
    expect(autoLines()).toContain("Augmentation changed — nnU-Net's: rotation, scaling, noise");

    // ResU-Net has no depth of its own: the depth's reason is left out.
    await choose('training-architecture', 'ResU-Net');
    expect(autoLines().some((l) => l.startsWith('Depth'))).toBe(false);
  });

  it('goes back to the Auto values on reset, and to the plain defaults for a dataset without', async () => {
    await render();
    await choose('training-dataset', 'brain');
    await type('training-epochs', '12');
    await type('training-batch-size', '3');
    byTestId('training-reset')!.click();
    await fixture.whenStable();

    expect(input('training-epochs').value).toBe('120');
    expect(input('training-batch-size').value).toBe('12');
    expect(fixture.nativeElement.querySelector('[data-testid="training-auto-changed"]')).toBeNull();

    // Reset fields follow the next dataset's values; liver has no statistics, nor a panel.
    await choose('training-dataset', 'liver');
    expect(input('training-epochs').value).toBe('30');
    expect(input('training-input-size').value).toBe('256');
    expect(byTestId('training-auto')).toBeNull();
  });

  it('sends the schedule, augmentation preset and early stopping; Off turns augmentation off', async () => {
    await render();
    await choose('training-dataset', 'liver');
    expect(byTestId('training-augmentation')?.textContent).toContain('nnU-Net');
    expect(byTestId('training-lr-schedule')?.textContent).toContain('Poly with warm-up');
    expect(fixture.nativeElement.textContent).toContain('Epochs without improvement; 0 = never');

    await type('training-early-stopping-patience', '-1');
    expect(errors()).toContain('Enter a whole number from 0 to 500.');
    await type('training-early-stopping-patience', '15');
    await choose('training-lr-schedule', 'Cosine');
    await choose('training-augmentation', 'Light');
    byTestId('training-submit')!.click();
    await fixture.whenStable();
    let req = http.expectOne((r) => r.url === MODELS_URL && r.method === 'POST');
    expect(req.request.body.hyperparameters).toEqual(
      twoD(
        hyperparametersDto({
          augmentation: true,
          augmentationPreset: 'light',
          lrSchedule: 'cosine',
          earlyStoppingPatience: 15,
        }),
      ),
    );
    req.flush({ message: 'x' }, { status: 500, statusText: 'Server Error' });
    await settle();

    await choose('training-augmentation', 'Off');
    byTestId('training-submit')!.click();
    await fixture.whenStable();
    req = http.expectOne((r) => r.url === MODELS_URL && r.method === 'POST');
    expect(req.request.body.hyperparameters).toMatchObject({
      augmentation: false,
      augmentationPreset: 'nnunet',
    });
    req.flush({ message: 'x' }, { status: 500, statusText: 'Server Error' });
    await settle();
  });

  it("puts a refused augmentation preset's message under Augmentation", async () => {
    await render();
    await choose('training-dataset', 'liver');
    byTestId('training-submit')!.click();
    await fixture.whenStable();
    const message = 'hyperparameters.augmentationPreset must be one of nnunet, light';
    http
      .expectOne(MODELS_URL)
      .flush(
        { statusCode: 400, message: [message], error: 'Bad Request' },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();

    expect(errors()).toEqual([message]);
    expect(byTestId('training-submit-error')).toBeNull();
  });

  it('offers the 3D U-Net only for a dataset with volumes, with patch size and spacing from it', async () => {
    await render();
    await choose('training-dataset', 'liver');
    expect(await architectureOptions()).not.toContain('3D U-Net');
    expect(byTestId('training-patch-size')).toBeNull();

    await choose('training-dataset', 'brain');
    expect(await architectureOptions()).toContain('3D U-Net');
    await choose('training-architecture', '3D U-Net');
    expect(input('training-patch-size').value).toBe('16 × 40 × 48');
    expect(input('training-target-spacing').value).toBe('2.5 × 0.8 × 0.8');
    expect(input('training-batch-size').value).toBe('2');
    expect(input('training-foreground-oversampling').value).toBe('0.33');
    expect(autoLines()).toEqual([
      'Patch size — 16 × 40 × 48 voxels: the median shape',
      'Batch size — 2: at most 2 on CPU',
    ]);

    await type('training-patch-size', '16 x 16');
    expect(byTestId('training-patch-size-error')?.textContent?.trim()).toBe(
      'Enter 3 whole numbers of at least 8 (slice × row × column).',
    );
    await type('training-patch-size', '16, 32, 32');
    byTestId('training-submit')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === MODELS_URL && r.method === 'POST');
    expect(req.request.body.hyperparameters).toMatchObject({
      architecture: 'unet_3d',
      batchSize: 2,
      patchSize: [16, 32, 32],
      targetSpacing: [2.5, 0.8, 0.8],
      foregroundOversampling: 0.33,
    });
    req.flush({ message: 'x' }, { status: 500, statusText: 'Server Error' });
    await settle();
  });

  it("offers a 2D network's foreground share and sends what is typed there", async () => {
    await render();
    await choose('training-dataset', 'liver');
    expect(byTestId('training-patch-size')).toBeNull();
    const share = input('training-foreground-oversampling');
    expect(share.disabled).toBe(false);
    expect(share.value).toBe('0.33');
    expect(fixture.nativeElement.textContent).toContain(
      'Share of each batch centred on / holding a labelled class',
    );

    await type('training-foreground-oversampling', '0.5');
    byTestId('training-submit')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === MODELS_URL && r.method === 'POST');
    expect(req.request.body.hyperparameters).toEqual(
      twoD(hyperparametersDto({ foregroundOversampling: 0.5 })),
    );
    req.flush({ message: 'x' }, { status: 500, statusText: 'Server Error' });
    await settle();
  });

  it('goes back to a 2D network when the dataset chosen next has no volumes', async () => {
    await render();
    await choose('training-dataset', 'brain');
    await choose('training-architecture', '3D U-Net');
    expect(byTestId('training-patch-size')).not.toBeNull();
    await choose('training-dataset', 'liver');
    expect(byTestId('training-patch-size')).toBeNull();
    expect(input('training-depth')).not.toBeNull();
  });
});

describe('formatLimit', () => {
  it('writes tiny limits in exponent form', () => {
    expect(formatLimit(0.000001)).toBe('1e-6');
    expect(formatLimit(0.5)).toBe('0.5');
    expect(formatLimit(500)).toBe('500');
  });
});
