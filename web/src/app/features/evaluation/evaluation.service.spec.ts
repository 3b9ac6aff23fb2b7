import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { XHR_FACTORY } from '../../shared/xhr-upload';
import {
  BATCH_ID,
  EVALUATION_ID,
  batchDto,
  evaluationDto,
} from '../../testing/evaluation-fixtures';
import { FakeEventSource, jobEvents } from '../../testing/fake-event-source';
import { FakeXhr } from '../../testing/fake-xhr';
import { MODEL_ID } from '../../testing/model-fixtures';
import { GRACE } from '../../testing/owner-fixtures';
import { MODELS_URL } from '../../shared/api-urls';
import { type BatchDto } from './evaluation.model';
import {
  BATCHES_URL,
  EVALUATIONS_URL,
  EvaluationService,
  batchFileUrl,
  exportUrl,
} from './evaluation.service';

describe('EvaluationService', () => {
  let service: EvaluationService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
        { provide: XHR_FACTORY, useFactory: () => FakeXhr.factory() },
      ],
    });
    service = TestBed.inject(EvaluationService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('builds the download addresses of exports and batch outputs', () => {
    expect(exportUrl(MODEL_ID, 'torchscript')).toBe(
      `${MODELS_URL}/${MODEL_ID}/export?format=torchscript`,
    );
    expect(batchFileUrl(BATCH_ID, 'results.csv')).toBe(`${BATCHES_URL}/${BATCH_ID}/results.csv`);
  });

  it('starts an evaluation and turns a refusal into a readable error', async () => {
    const started = service.createEvaluation(MODEL_ID, { datasetId: 'd', subset: 'all' });
    const req = http.expectOne(`${MODELS_URL}/${MODEL_ID}/evaluations`);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ datasetId: 'd', subset: 'all' });
    req.flush(evaluationDto({ state: 'queued' }));
    expect((await started).id).toBe(EVALUATION_ID);

    const refused = service.createEvaluation(MODEL_ID, {});
    http.expectOne(`${MODELS_URL}/${MODEL_ID}/evaluations`).flush(
      {
        statusCode: 400,
        message: 'The dataset labels [0, 1, 2] are not the model classes [0, 255]',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await expect(refused).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('labels'),
    });
  });

  it('uploads a batch ZIP as the multipart field "archive" and starts one from a dataset', async () => {
    const events: string[] = [];
    let batch: BatchDto | null = null;
    service.uploadBatch(MODEL_ID, new File(['zip'], 'scans.zip')).subscribe((event) => {
      if (event.type === 'progress') events.push(`${event.loaded}/${event.total}`);
      else batch = event.body;
    });
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(`${MODELS_URL}/${MODEL_ID}/batches`);
    expect((xhr.body!.get('archive') as File).name).toBe('scans.zip');
    xhr.progress(3, 3);
    xhr.respond(202, batchDto({ state: 'queued' }));
    expect(events).toEqual(['3/3']);
    expect(batch!.id).toBe(BATCH_ID);

    const fromDataset = service.createDatasetBatch(MODEL_ID, 'd');
    const req = http.expectOne(`${MODELS_URL}/${MODEL_ID}/batches`);
    expect(req.request.body).toEqual({ datasetId: 'd' });
    req.flush(batchDto({ source: 'dataset', datasetId: 'd' }));
    expect((await fromDataset).source).toBe('dataset');
  });

  it('loads the images of an evaluation once it completes, from its live events', () => {
    service.openEvaluation(EVALUATION_ID);
    http
      .expectOne(`${EVALUATIONS_URL}/${EVALUATION_ID}`)
      .flush(evaluationDto({ state: 'running' }));
    const source = FakeEventSource.last();
    source.snapshot(evaluationDto({ state: 'running' }), 1);
    http.expectNone(`${EVALUATIONS_URL}/${EVALUATION_ID}/images`);
    source.job(jobEvents.status(2, 'completed'));
    expect(source.closed).toBe(true);
    expect(service.evaluation.value()?.state).toBe('completed');
    http.expectOne(`${EVALUATIONS_URL}/${EVALUATION_ID}/images`).flush([]);
    http.expectOne(`${EVALUATIONS_URL}/${EVALUATION_ID}`).flush(evaluationDto());
    expect(service.images()).toEqual([]);
    // A repeated final event does not load them again.
    service.evaluation.patch(evaluationDto());
    http.expectNone(`${EVALUATIONS_URL}/${EVALUATION_ID}/images`);
  });

  it("lists a model's evaluations and batches", () => {
    service.loadModelJobs(MODEL_ID);
    http.expectOne(`${MODELS_URL}/${MODEL_ID}/evaluations`).flush([evaluationDto()]);
    http.expectOne(`${MODELS_URL}/${MODEL_ID}/batches`).flush([batchDto()]);
    expect(service.modelEvaluations()?.length).toBe(1);
    expect(service.modelBatches()?.[0].inputName).toBe('scans.zip');
  });

  it("asks for one's own or others' evaluations and batches when the owner filter says so", () => {
    service.loadModelJobs(MODEL_ID);
    http.expectOne(`${MODELS_URL}/${MODEL_ID}/evaluations`).flush([evaluationDto()]);
    http.expectOne(`${MODELS_URL}/${MODEL_ID}/batches`).flush([batchDto()]);

    service.setModelJobsOwner('others');
    const evaluations = http.expectOne((r) => r.url === `${MODELS_URL}/${MODEL_ID}/evaluations`);
    const batches = http.expectOne((r) => r.url === `${MODELS_URL}/${MODEL_ID}/batches`);
    expect(evaluations.request.params.get('owner')).toBe('others');
    expect(batches.request.params.get('owner')).toBe('others');
    evaluations.flush([evaluationDto({ owner: GRACE, canChange: false })]);
    batches.flush([]);

    expect(service.modelEvaluations()?.[0].owner?.displayName).toBe('Grace Hopper');
    expect(service.modelBatches()).toEqual([]);
    expect(service.modelJobsOwner()).toBe('others');
  });
});
