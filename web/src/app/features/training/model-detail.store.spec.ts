import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiError } from '../../shared/api-error';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { datasetDto, page } from '../../testing/dataset-fixtures';
import { FakeEventSource } from '../../testing/fake-event-source';
import {
  MODEL_ID,
  defaultsDto,
  epochDto,
  hyperparametersDto,
  modelDetailDto,
  modelDto,
  trainingDetailDto,
} from '../../testing/model-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { DATASET_CHOICES_PAGE_SIZE, MODELS_URL, ModelService, mergeEpochs } from './model.service';

const DETAIL_URL = `${MODELS_URL}/${MODEL_ID}`;
const EVENTS_URL = `${DETAIL_URL}/events`;

describe('ModelService', () => {
  let http: HttpTestingController;
  let service: ModelService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(ModelService);
  });

  afterEach(() => http.verify());

  /** Opens the model and answers its GET; returns the event stream it opened, if any. */
  function open(detail = trainingDetailDto()): FakeEventSource | null {
    service.openModel(MODEL_ID);
    http.expectOne(DETAIL_URL).flush(detail);
    return FakeEventSource.created.at(-1) ?? null;
  }

  describe('form choices', () => {
    it('offers only ready datasets, by name, and loads the defaults once', () => {
      service.loadFormChoices();
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

      expect(service.datasetChoices()?.map((d) => d.id)).toEqual(['a']);
      expect(service.defaults()?.ranges['epochs']).toEqual({ min: 1, max: 500, step: 1 });

      service.loadFormChoices();
      http.expectNone(`${MODELS_URL}/defaults`);
      http.expectOne((r) => r.url === DATASETS_URL).flush(page([]));
      expect(service.datasetChoices()).toEqual([]);
    });

    it('says why the defaults could not be loaded', () => {
      service.loadDefaults();
      http
        .expectOne(`${MODELS_URL}/defaults`)
        .flush(null, { status: 503, statusText: 'Service Unavailable' });
      expect(service.defaultsError()).toBe('The gateway is not available (HTTP 503)');
    });
  });

  describe('create', () => {
    const body = { name: 'brain-unet', datasetId: 'a', hyperparameters: hyperparametersDto() };

    it('posts the model and reloads the list', async () => {
      const created = service.createModel(body);
      const req = http.expectOne(MODELS_URL);
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual(body);
      req.flush(modelDto({ status: 'training', jobState: 'queued' }), {
        status: 201,
        statusText: 'Created',
      });

      await expect(created).resolves.toMatchObject({ id: MODEL_ID, jobState: 'queued' });
      http.expectOne((r) => r.url === MODELS_URL && r.method === 'GET').flush(page([]));
    });

    it('rejects with each field the gateway refused', async () => {
      const created = service.createModel(body);
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

  describe('list', () => {
    it('asks for the newest first and reports training while a model trains', () => {
      service.loadList();
      const req = http.expectOne((r) => r.url === MODELS_URL);
      expect(req.request.params.toString()).toBe('page=1&pageSize=20&sort=createdAt&order=desc');
      req.flush(page([modelDto(), modelDto({ id: 'b', status: 'training', jobState: 'queued' })]));

      expect(service.models().length).toBe(2);
      expect(service.training()).toBe(true);
    });

    it('sends the sort it is given', () => {
      service.setListQuery({ sort: 'bestDice', order: 'desc', page: 2 });
      const req = http.expectOne((r) => r.url === MODELS_URL);
      expect(req.request.params.toString()).toBe('page=2&pageSize=20&sort=bestDice&order=desc');
      req.flush(page([], 0, 2));
    });
  });

  describe('the open model and its events', () => {
    it('follows a training model through its event stream', () => {
      const source = open()!;
      expect(source.url).toBe(EVENTS_URL);
      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2]);
      expect(service.live()).toBe('connecting');
      source.open();
      expect(service.live()).toBe('open');

      source.emit(
        'step',
        {
          epoch: 3,
          epochs: 30,
          step: 12,
          totalSteps: 40,
          trainLoss: 0.3,
          samplesPerSecond: 45.2,
          elapsedSeconds: 90,
          etaSeconds: 80,
        },
        7,
      );
      expect(service.step()).toMatchObject({ epoch: 3, step: 12, totalSteps: 40 });

      source.emit('epoch', { ...epochDto(3, { valDice: 0.61 }), epochs: 30, etaSeconds: 60 }, 8);
      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(service.epochs()[2].valDice).toBe(0.61);
      expect(service.detail()).toMatchObject({ epochsDone: 3, bestDice: 0.61 });
    });

    it('merges replayed history with what GET returned, one point per epoch', () => {
      const source = open()!;
      // The stream starts with every past event: epochs 1 and 2 again, steps of epoch 2, then new.
      source.emit('status', { state: 'running', queuePosition: 0, message: '' }, 1);
      source.emit('epoch', { ...epochDto(1), epochs: 30, etaSeconds: 0 }, 2);
      source.emit('step', { epoch: 2, epochs: 30, step: 5, totalSteps: 40 }, 3);
      source.emit('epoch', { ...epochDto(2), epochs: 30, etaSeconds: 0 }, 4);
      source.emit('epoch', { ...epochDto(3), epochs: 30, etaSeconds: 0 }, 5);
      // A repeated sequence number is the same event.
      source.emit('epoch', { ...epochDto(3, { valDice: 0 }), epochs: 30, etaSeconds: 0 }, 5);

      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(service.epochs()[2].valDice).toBe(epochDto(3).valDice);
      // The step of an epoch that has finished since is stale.
      expect(service.step()).toBeNull();
    });

    it('ignores an event whose data is not JSON', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const source = open()!;
      source.emit('epoch', 'not json', 9);
      expect(service.epochs().length).toBe(2);
      expect(warn).toHaveBeenCalled();
      warn.mockRestore();
    });

    it('closes the stream on a terminal status and reloads the finished model', () => {
      const source = open()!;
      source.emit('completed', { bestEpoch: 2, bestValDice: 0.9 }, 10);
      expect(service.detail()?.bestDice).toBe(0.9);
      source.emit('status', { state: 'completed', queuePosition: 0, message: '' }, 11);

      expect(source.closed).toBe(true);
      expect(service.live()).toBe('closed');
      expect(service.detail()).toMatchObject({ status: 'completed', jobState: 'completed' });
      http.expectOne(DETAIL_URL).flush(modelDetailDto());
      expect(service.detail()?.weights?.bestBytes).toBe(31_000_000);
      expect(FakeEventSource.created.length).toBe(1);
    });

    it('marks a cancelled job as failed with the error "cancelled"', () => {
      const source = open()!;
      source.emit('status', { state: 'cancelled', queuePosition: 0, message: 'cancelled' }, 3);

      expect(service.detail()).toMatchObject({
        status: 'failed',
        jobState: 'cancelled',
        error: 'cancelled',
      });
      // The gateway may not have recorded the end yet: the stream's word wins.
      http.expectOne(DETAIL_URL).flush(trainingDetailDto());
      expect(service.detail()?.status).toBe('failed');
      expect(FakeEventSource.created.length).toBe(1);
    });

    it('shows the queue position and the failure message', () => {
      const source = open(trainingDetailDto({ jobState: 'queued', queuePosition: 3 }))!;
      source.emit('status', { state: 'queued', queuePosition: 2, message: '' }, 1);
      expect(service.detail()?.queuePosition).toBe(2);

      source.emit(
        'status',
        { state: 'failed', queuePosition: 0, message: 'CUDA out of memory' },
        2,
      );
      expect(service.detail()).toMatchObject({ status: 'failed', error: 'CUDA out of memory' });
      http
        .expectOne(DETAIL_URL)
        .flush(modelDetailDto({ status: 'failed', error: 'CUDA out of memory' }));
    });

    it('does not open a stream for a model that has finished', () => {
      expect(open(modelDetailDto())).toBeNull();
      expect(service.live()).toBe('closed');
    });

    it('closes the stream when the page is left and opens a new one on return', () => {
      const first = open()!;
      first.emit('epoch', { ...epochDto(3), epochs: 30, etaSeconds: 0 }, 4);
      service.closeModel();
      expect(first.closed).toBe(true);

      const second = open(trainingDetailDto({ history: [epochDto(1), epochDto(2), epochDto(3)] }))!;
      expect(second).not.toBe(first);
      expect(second.closed).toBe(false);
      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2, 3]);
    });

    it('reports the stream as lost when the gateway refuses it, and keeps it on a retry', () => {
      const source = open()!;
      source.fail();
      expect(service.live()).toBe('connecting');
      source.fail(true);
      expect(service.live()).toBe('lost');

      // Polls do not keep knocking on a stream that was refused.
      service.refreshDetail();
      http.expectOne(DETAIL_URL).flush(trainingDetailDto());
      expect(FakeEventSource.created.length).toBe(1);
    });

    it('forgets the previous model when another one opens', () => {
      const source = open()!;
      service.openModel('other');
      expect(source.closed).toBe(true);
      expect(service.detail()).toBeNull();
      expect(service.epochs()).toEqual([]);
      http.expectOne(`${MODELS_URL}/other`).flush(modelDetailDto({ id: 'other', history: [] }));
    });

    it('cancels and deletes', async () => {
      open();
      const cancelled = service.cancelModel(MODEL_ID);
      const req = http.expectOne(`${DETAIL_URL}/cancel`);
      expect(req.request.method).toBe('POST');
      req.flush(modelDto({ status: 'failed', jobState: 'cancelled', error: 'cancelled' }));
      await cancelled;
      expect(service.detail()?.jobState).toBe('cancelled');

      const deleted = service.deleteModel(MODEL_ID);
      http.expectOne((r) => r.url === DETAIL_URL && r.method === 'DELETE').flush(null);
      await deleted;
      expect(service.detail()).toBeNull();
      http.expectOne((r) => r.url === MODELS_URL).flush(page([]));
    });

    it('rejects a delete while training with the gateway message', async () => {
      const deleted = service.deleteModel(MODEL_ID);
      http
        .expectOne(DETAIL_URL)
        .flush(
          { statusCode: 409, message: 'Model is still training', error: 'Conflict' },
          { status: 409, statusText: 'Conflict' },
        );
      await expect(deleted).rejects.toMatchObject({
        status: 409,
        message: 'Model is still training',
      });
    });
  });
});

describe('mergeEpochs', () => {
  it('appends new epochs and replaces repeated ones in order', () => {
    const merged = mergeEpochs([epochDto(1), epochDto(2)], [epochDto(3)]);
    expect(merged.map((e) => e.epoch)).toEqual([1, 2, 3]);

    const replaced = mergeEpochs(merged, [epochDto(2, { valDice: 0.1 }), epochDto(1)]);
    expect(replaced.map((e) => [e.epoch, e.valDice])).toEqual([
      [1, epochDto(1).valDice],
      [2, 0.1],
      [3, epochDto(3).valDice],
    ]);
  });
});
