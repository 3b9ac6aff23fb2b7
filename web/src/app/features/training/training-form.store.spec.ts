import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MODELS_URL } from '../../shared/api-urls';
import { ApiError } from '../../shared/api-error';
import { datasetDto, page } from '../../testing/dataset-fixtures';
import { defaultsDto, hyperparametersDto, modelDto } from '../../testing/model-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { DATASET_CHOICES_PAGE_SIZE } from '../datasets/ready-datasets';
import { TRAINING_DEFAULTS_URL, TrainingFormStore } from './training-form.store';

describe('TrainingFormStore', () => {
  let http: HttpTestingController;
  let store: TrainingFormStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(TrainingFormStore);
  });

  afterEach(() => http.verify());

  it('offers only ready datasets, by name, and loads the defaults once', () => {
    store.loadFormChoices();
    http.expectOne(`${MODELS_URL}/defaults`).flush(defaultsDto());
    const req = http.expectOne((r) => r.url === DATASETS_URL);
    expect(req.request.params.toString()).toBe(
      `page=1&pageSize=${DATASET_CHOICES_PAGE_SIZE}&sort=name&order=asc`,
    );
    req.flush(
      page([
        datasetDto({ id: 'a', name: 'brain' }),
        datasetDto({ id: 'b', name: 'inspecting', status: 'uploaded' }),
        datasetDto({ id: 'c', name: 'broken', status: 'error' }),
      ]),
    );

    expect(store.datasetChoices()?.map((d) => d.id)).toEqual(['a']);
    expect(store.defaults()?.ranges['epochs']).toEqual({
      min: 1,
      max: 500,
      step: 1,
      minExclusive: false,
      allowed: [],
    });

    store.loadFormChoices();
    http.expectNone(`${MODELS_URL}/defaults`);
    http.expectOne((r) => r.url === DATASETS_URL).flush(page([]));
    expect(store.datasetChoices()).toEqual([]);
  });

  it('says why the defaults could not be loaded', () => {
    store.loadDefaults();
    http
      .expectOne(`${MODELS_URL}/defaults`)
      .flush(null, { status: 503, statusText: 'Service Unavailable' });
    expect(store.defaultsError()).toBe('The gateway is not available (HTTP 503)');
  });

  it("keeps a dataset's whole answer: Auto values and unet_3d's, each with why", () => {
    const auto = hyperparametersDto({ inputSize: 224, batchSize: 12 });
    const volume = hyperparametersDto({ architecture: 'unet_3d', patchSize: [16, 40, 48] });
    const autoChoices = [{ field: 'inputSize', reason: '224 px: median longest side 217 px' }];
    const volumeChoices = [{ field: 'patchSize', reason: '16 × 40 × 48 voxels: median shape' }];
    store.loadDatasetDefaults('a');
    const req = http.expectOne((r) => r.url === TRAINING_DEFAULTS_URL);
    expect(req.request.params.get('datasetId')).toBe('a');
    req.flush({
      ...defaultsDto(),
      autoDefaults: auto,
      autoChoices,
      volumeDefaults: volume,
      volumeChoices,
    });

    expect(store.datasetDefaults()).toMatchObject({
      datasetId: 'a',
      answer: { autoDefaults: auto },
    });
    expect(store.autoDefaults()).toEqual({ datasetId: 'a', values: auto, choices: autoChoices });
    expect(store.volumeDefaults()).toEqual({
      datasetId: 'a',
      values: volume,
      choices: volumeChoices,
    });

    // Asked once per dataset.
    store.loadDatasetDefaults('a');
    http.expectNone((r) => r.url === TRAINING_DEFAULTS_URL);
  });

  it('drops an answer that arrives after another dataset was asked about', () => {
    const answer = (inputSize: number) => ({
      ...defaultsDto(),
      autoDefaults: hyperparametersDto({ inputSize }),
      autoChoices: [],
      volumeDefaults: null,
      volumeChoices: [],
    });
    store.loadDatasetDefaults('a');
    store.loadDatasetDefaults('b');
    const [forA, forB] = http.match((r) => r.url === TRAINING_DEFAULTS_URL);
    forB.flush(answer(128));
    forA.flush(answer(224));

    expect(store.autoDefaults()).toMatchObject({ datasetId: 'b', values: { inputSize: 128 } });
    expect(store.volumeDefaults()).toMatchObject({ datasetId: 'b', values: null });
  });

  const body = { name: 'brain-unet', datasetId: 'a', hyperparameters: hyperparametersDto() };

  it('posts the model and reloads the list', async () => {
    const created = store.createModel(body);
    const req = http.expectOne(MODELS_URL);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual(body);
    req.flush(modelDto({ status: 'training', jobState: 'queued' }), {
      status: 201,
      statusText: 'Created',
    });

    await expect(created).resolves.toMatchObject({ jobState: 'queued' });
    http.expectOne((r) => r.url === MODELS_URL && r.method === 'GET').flush(page([]));
  });

  it('rejects with each field the gateway refused', async () => {
    const created = store.createModel(body);
    http.expectOne(MODELS_URL).flush(
      {
        statusCode: 400,
        message: ['hyperparameters.epochs must not be greater than 500'],
        error: 'Bad Request',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    const error = await created.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      details: ['hyperparameters.epochs must not be greater than 500'],
    });
  });
});
