import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MODELS_URL } from '../../shared/api-urls';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { page } from '../../testing/dataset-fixtures';
import { FakeEventSource, jobEvents } from '../../testing/fake-event-source';
import {
  MODEL_ID,
  epochDto,
  modelDetailDto,
  modelDto,
  trainingDetailDto,
} from '../../testing/model-fixtures';
import { ModelDetailStore, mergeEpochs } from './model-detail.store';
import { ModelListStore } from './model-list.store';

const DETAIL_URL = `${MODELS_URL}/${MODEL_ID}`;
const EVENTS_URL = `${DETAIL_URL}/events`;
const { status, of } = jobEvents;

describe('ModelDetailStore', () => {
  let http: HttpTestingController;
  let service: ModelDetailStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(ModelDetailStore);
  });

  afterEach(() => http.verify());

  /** Opens the model and answers its GET; returns the event stream it opened, if any. */
  function open(detail = trainingDetailDto()): FakeEventSource | null {
    service.openModel(MODEL_ID);
    http.expectOne(DETAIL_URL).flush(detail);
    return FakeEventSource.created.at(-1) ?? null;
  }

  describe('the open model and its events', () => {
    it('follows a training model through its event stream', () => {
      const source = open()!;
      expect(source.url).toBe(EVENTS_URL);
      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2]);
      expect(service.live()).toBe('connecting');
      source.open();
      expect(service.live()).toBe('open');

      source.snapshot(trainingDetailDto(), 6);
      source.job(
        of(7, {
          type: 'step',
          step: {
            epoch: 3,
            epochs: 30,
            step: 12,
            totalSteps: 40,
            trainLoss: 0.3,
            samplesPerSecond: 45.2,
            elapsedSeconds: 90,
            etaSeconds: 80,
          },
        }),
      );
      expect(service.step()).toMatchObject({ epoch: 3, step: 12, totalSteps: 40 });

      source.job(
        of(8, { type: 'epoch', epoch: { ...epochDto(3, { valDice: 0.61 }), epochs: 30 } }),
      );
      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(service.epochs()[2].valDice).toBe(0.61);
      expect(service.detail()).toMatchObject({ epochsDone: 3, bestDice: 0.61 });
    });

    it('takes the snapshot, skips the stored events it reflects, and adds one point per epoch', () => {
      const source = open()!;
      // The snapshot has epochs 1 and 2 (sequence 4); the replay repeats them, then new ones.
      source.snapshot(trainingDetailDto(), 4);
      source.job(status(1, 'running'));
      source.job(of(2, { type: 'epoch', epoch: { ...epochDto(1, { valDice: 0 }), epochs: 30 } }));
      source.job(of(4, { type: 'epoch', epoch: { ...epochDto(2, { valDice: 0 }), epochs: 30 } }));
      source.job(
        of(5, {
          type: 'step',
          step: {
            epoch: 2,
            epochs: 30,
            step: 5,
            totalSteps: 40,
            trainLoss: 1,
            samplesPerSecond: 1,
            elapsedSeconds: 1,
            etaSeconds: 1,
          },
        }),
      );
      source.job(of(6, { type: 'epoch', epoch: { ...epochDto(3), epochs: 30 } }));
      // A repeated sequence number is the same event.
      source.job(of(6, { type: 'epoch', epoch: { ...epochDto(3, { valDice: 0 }), epochs: 30 } }));

      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(service.epochs().map((e) => e.valDice)).toEqual(
        [1, 2, 3].map((n) => epochDto(n).valDice),
      );
      // The step of an epoch that has finished since is stale.
      expect(service.step()).toBeNull();
    });

    it('closes the stream on a terminal status and reloads the finished model', () => {
      const source = open()!;
      source.job(
        of(10, {
          type: 'completed',
          completed: { bestEpoch: 2, bestValDice: 0.9, stoppedEarly: false },
        }),
      );
      expect(service.detail()?.bestDice).toBe(0.9);
      source.job(status(11, 'completed'));

      expect(source.closed).toBe(true);
      expect(service.live()).toBe('closed');
      expect(service.detail()).toMatchObject({ status: 'completed', jobState: 'completed' });
      http.expectOne(DETAIL_URL).flush(modelDetailDto());
      expect(service.detail()?.weights?.bestBytes).toBe(31_000_000);
      expect(FakeEventSource.created.length).toBe(1);
    });

    it('marks a job cancelled before its first epoch as failed with the error "cancelled"', () => {
      const source = open()!;
      source.job(status(3, 'cancelled', 'cancelled', { reason: 'cancelled_by_user' }));

      expect(service.detail()).toMatchObject({
        status: 'failed',
        jobState: 'cancelled',
        error: 'cancelled',
        reason: 'cancelled_by_user',
      });
      http
        .expectOne(DETAIL_URL)
        .flush(modelDetailDto({ status: 'failed', jobState: 'cancelled', error: 'cancelled' }));
      expect(service.detail()?.status).toBe('failed');
      expect(FakeEventSource.created.length).toBe(1);
    });

    it('shows a cancel after the first epoch as a completed model that stopped early', () => {
      const source = open()!;
      source.job(status(9, 'completed', '', { reason: 'stopped_early' }));
      expect(service.detail()).toMatchObject({
        status: 'completed',
        stoppedEarly: true,
        reason: 'stopped_early',
      });
      http
        .expectOne(DETAIL_URL)
        .flush(modelDetailDto({ reason: 'stopped_early', stoppedEarly: true }));
    });

    it('shows the queue position and the failure message', () => {
      const source = open(trainingDetailDto({ jobState: 'queued', queuePosition: 3 }))!;
      source.job(status(1, 'queued', '', { queuePosition: 2 }));
      expect(service.detail()?.queuePosition).toBe(2);

      source.job(status(2, 'failed', 'CUDA out of memory', { reason: 'out_of_memory' }));
      expect(service.detail()).toMatchObject({
        status: 'failed',
        error: 'CUDA out of memory',
        reason: 'out_of_memory',
      });
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
      first.job(of(4, { type: 'epoch', epoch: { ...epochDto(3), epochs: 30 } }));
      service.closeModel();
      expect(first.closed).toBe(true);

      const second = open(trainingDetailDto({ history: [epochDto(1), epochDto(2), epochDto(3)] }))!;
      expect(second).not.toBe(first);
      expect(second.closed).toBe(false);
      expect(service.epochs().map((e) => e.epoch)).toEqual([1, 2, 3]);
    });

    it('reports the stream as lost when the gateway refuses it; a reload opens no second one', () => {
      const source = open()!;
      source.fail();
      expect(service.live()).toBe('connecting');
      source.fail(true);
      expect(service.live()).toBe('lost');

      service.refreshDetail();
      http.expectOne(DETAIL_URL).flush(trainingDetailDto());
      expect(FakeEventSource.created.length).toBe(1);
      service.closeModel();
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
      expect(TestBed.inject(ModelListStore).list()?.items).toEqual([]);
    });

    it('retries the upload of a model that failed with storage_error', async () => {
      open(
        modelDetailDto({
          status: 'failed',
          jobState: 'failed',
          reason: 'storage_error',
          error: 'upload failed',
        }),
      );
      const retried = service.retryUpload(MODEL_ID);
      const req = http.expectOne(`${DETAIL_URL}/retry-upload`);
      expect(req.request.method).toBe('POST');
      req.flush(modelDetailDto());
      await retried;
      expect(service.detail()).toMatchObject({ status: 'completed', reason: null });
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
