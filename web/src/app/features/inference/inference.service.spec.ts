import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { caseDto, datasetDto, page, pairDto } from '../../testing/dataset-fixtures';
import {
  inferenceResultDto,
  segmentResultDto,
  volumeResultDto,
} from '../../testing/inference-fixtures';
import { GRACE } from '../../testing/owner-fixtures';
import { MODEL_ID, modelDto } from '../../testing/model-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { MODELS_URL } from '../../shared/api-urls';
import {
  INFERENCE_CHOICES_PAGE_SIZE,
  INFERENCE_PAIRS_PAGE_SIZE,
  InferenceService,
} from './inference.service';

const MODEL_URL = `${MODELS_URL}/${MODEL_ID}`;

describe('InferenceService', () => {
  let http: HttpTestingController;
  let service: InferenceService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(InferenceService);
  });

  afterEach(() => http.verify());

  /** Selects the model and answers its warm-up and results. */
  function select(): void {
    service.selectModel(MODEL_ID);
    http
      .expectOne({ method: 'POST', url: `${MODEL_URL}/load` })
      .flush({ wasLoaded: false, loadMs: 840, memoryBytes: 31_000_000 });
    http.expectOne(`${MODEL_URL}/results`).flush([]);
  }

  it('reopens a stored result without asking to store it again, and will not re-segment it', () => {
    select();
    service.openResult({ id: 'r9', createdAt: '2026-11-25T10:00:00Z' });
    http
      .expectOne({ method: 'GET', url: '/api/inference-results/r9' })
      .flush(segmentResultDto({ resultId: 'r9' }));
    expect(service.result()?.resultId).toBe('r9');
    expect(service.resultInput()).toEqual({
      kind: 'stored',
      resultId: 'r9',
      createdAt: '2026-11-25T10:00:00Z',
    });
    service.repeat();
    // http.verify() in afterEach proves neither the history nor a segment request went out.
  });

  it('offers only completed models, newest first', () => {
    service.loadModels();
    const req = http.expectOne((r) => r.url === MODELS_URL);
    expect(req.request.params.toString()).toBe(
      `pageSize=${INFERENCE_CHOICES_PAGE_SIZE}&sort=createdAt&order=desc`,
    );
    req.flush(
      page([
        modelDto({ id: 'a' }),
        modelDto({ id: 'b', status: 'training', jobState: 'running' }),
        modelDto({ id: 'c', status: 'failed', jobState: 'failed' }),
        modelDto({ id: 'd' }),
      ]),
    );
    expect(service.models()?.map((m) => m.id)).toEqual(['a', 'd']);
  });

  it('says why the models could not be loaded', () => {
    service.loadModels();
    http
      .expectOne((r) => r.url === MODELS_URL)
      .flush(null, { status: 503, statusText: 'Service Unavailable' });
    expect(service.models()).toBeNull();
    expect(service.modelsError()).toBe('The gateway is not available (HTTP 503)');
  });

  it('warms the selected model up and loads its stored results', () => {
    service.selectModel(MODEL_ID);
    expect(service.warm()).toEqual({ state: 'loading' });
    const load = http.expectOne(`${MODEL_URL}/load`);
    expect(load.request.method).toBe('POST');
    load.flush({ wasLoaded: false, loadMs: 840, memoryBytes: 31_000_000 });
    http.expectOne(`${MODEL_URL}/results`).flush([inferenceResultDto('r1')]);

    expect(service.warm()).toEqual({
      state: 'ready',
      wasLoaded: false,
      loadMs: 840,
      memoryBytes: 31_000_000,
    });
    expect(service.history().map((r) => r.id)).toEqual(['r1']);

    // Selecting it again asks nothing.
    service.selectModel(MODEL_ID);
    http.expectNone(`${MODEL_URL}/load`);
  });

  it("asks for others' stored results of the model once an admin chooses so", () => {
    select();
    service.setHistoryOwner('others');
    const req = http.expectOne((r) => r.url === `${MODEL_URL}/results`);
    expect(req.request.params.get('owner')).toBe('others');
    req.flush([inferenceResultDto('r7', { owner: GRACE, canChange: true })]);
    expect(service.history().map((r) => r.owner?.displayName)).toEqual(['Grace Hopper']);
    expect(service.historyOwner()).toBe('others');
  });

  it('tells a failed warm-up with the message of the gateway', () => {
    service.selectModel(MODEL_ID);
    http
      .expectOne(`${MODEL_URL}/load`)
      .flush(
        { statusCode: 409, message: 'Model has no weights', error: 'Conflict' },
        { status: 409, statusText: 'Conflict' },
      );
    http.expectOne(`${MODEL_URL}/results`).flush([]);
    expect(service.warm()).toEqual({ state: 'error', message: 'Model has no weights' });
  });

  it('sends a volume once to segment-volume and keeps it for browsing, stored in the history', () => {
    select();
    const file = new File(['x'], 'brain.nii.gz');
    service.segmentFile(file, { persist: false });
    expect(service.running()).toBe(true);
    expect(service.runningInput()).toEqual({ kind: 'file', file, persist: false });

    const req = http.expectOne((r) => r.url === `${MODEL_URL}/segment-volume`);
    expect(req.request.method).toBe('POST');
    const body = req.request.body as FormData;
    expect((body.get('image') as File).name).toBe('brain.nii.gz');
    expect(body.has('sliceIndex')).toBe(false);
    req.flush(volumeResultDto({ id: 'v2' }));
    // A volume result is always stored: the history reloads.
    http.expectOne(`${MODEL_URL}/results`).flush([inferenceResultDto('v2')]);

    expect(service.running()).toBe(false);
    expect(service.runningInput()).toBeNull();
    expect(service.volumeResult()?.id).toBe('v2');
    expect(service.result()).toBeNull();
    expect(service.history().map((r) => r.id)).toEqual(['v2']);
  });

  it('segments a whole dataset case and segments it again with the model chosen now', () => {
    select();
    service.segmentCase('d1', 3, 'case_003');
    const req = http.expectOne({ method: 'POST', url: `${MODEL_URL}/segment-case` });
    expect(req.request.body).toEqual({ datasetId: 'd1', caseIndex: 3 });
    req.flush(volumeResultDto({ id: 'v3', hasGroundTruth: true }));
    http.expectOne(`${MODEL_URL}/results`).flush([]);
    expect(service.resultInput()).toEqual({
      kind: 'case',
      datasetId: 'd1',
      caseIndex: 3,
      name: 'case_003',
    });
    service.repeat();
    http.expectOne({ method: 'POST', url: `${MODEL_URL}/segment-case` }).flush(volumeResultDto());
    http.expectOne(`${MODEL_URL}/results`).flush([]);
  });

  it('loads the cases of a dataset to pick a whole volume from', () => {
    service.loadCases('d1');
    const req = http.expectOne((r) => r.url === `${DATASETS_URL}/d1/cases`);
    expect(req.request.params.get('pageSize')).toBe('1000');
    req.flush({
      items: [caseDto(0), caseDto(1, { unlabeled: true })],
      total: 2,
      page: 1,
      pageSize: 1000,
    });
    expect(service.casesDatasetId()).toBe('d1');
    expect(service.cases().map((c) => c.index)).toEqual([0, 1]);
  });

  it('reopens a stored volume result for the viewer', () => {
    select();
    service.openResult({ id: 'v4', createdAt: '2026-11-25T10:00:00Z' });
    http
      .expectOne({ method: 'GET', url: '/api/inference-results/v4' })
      .flush(volumeResultDto({ id: 'v4' }));
    expect(service.volumeResult()?.id).toBe('v4');
    expect(service.result()).toBeNull();
  });

  it('sends PNG/JPEG on the 2D path with its persist flag and keeps the last result on an error', () => {
    select();
    service.segmentFile(new File(['x'], 'a.png'), { persist: false });
    const req = http.expectOne((r) => r.url === `${MODEL_URL}/segment`);
    expect(req.request.params.get('persist')).toBe('false');
    // The picture and the maps the threshold slider reads; the gateway sends neither unasked.
    expect(req.request.params.get('include')).toBe('image,probabilities');
    expect((req.request.body as FormData).has('sliceIndex')).toBe(false);
    req.flush(segmentResultDto());

    service.segmentFile(new File(['x'], 'b.png'));
    http
      .expectOne((r) => r.url === `${MODEL_URL}/segment`)
      .flush(
        { statusCode: 400, message: ['image must be PNG, JPEG, DICOM or NIfTI'] },
        { status: 400, statusText: 'Bad Request' },
      );
    expect(service.error()).toBe('image must be PNG, JPEG, DICOM or NIfTI');
    expect(service.running()).toBe(false);
    expect(service.result()).toEqual(segmentResultDto());
  });

  it('asks every kind of segmentation for test-time mirroring once it is on, and no longer once off', () => {
    select();
    service.segmentFile(new File(['x'], 'a.png'));
    const plain = http.expectOne((r) => r.url === `${MODEL_URL}/segment`);
    expect(plain.request.params.has('testTimeMirroring')).toBe(false);
    plain.flush(segmentResultDto());

    service.setMirroring(true);
    expect(service.mirroring()).toBe(true);
    service.segmentFile(new File(['x'], 'a.png'), { persist: false });
    const flat = http.expectOne((r) => r.url === `${MODEL_URL}/segment`);
    expect(flat.request.params.get('testTimeMirroring')).toBe('true');
    expect(flat.request.params.get('persist')).toBe('false');
    flat.flush(segmentResultDto());
    service.segmentPair('ds1', pairDto(4, 'ds1'));
    const pair = http.expectOne((r) => r.url === `${MODEL_URL}/segment-pair`);
    expect(pair.request.params.get('testTimeMirroring')).toBe('true');
    pair.flush(segmentResultDto());
    service.segmentFile(new File(['x'], 'brain.nii.gz'));
    const volume = http.expectOne((r) => r.url === `${MODEL_URL}/segment-volume`);
    expect(volume.request.params.get('testTimeMirroring')).toBe('true');
    volume.flush(volumeResultDto());
    http.expectOne(`${MODEL_URL}/results`).flush([]);
    service.segmentCase('d1', 3, 'case_003');
    const volumeCase = http.expectOne((r) => r.url === `${MODEL_URL}/segment-case`);
    expect(volumeCase.request.params.get('testTimeMirroring')).toBe('true');
    volumeCase.flush(volumeResultDto());
    http.expectOne(`${MODEL_URL}/results`).flush([]);

    service.setMirroring(false);
    service.repeat();
    const again = http.expectOne((r) => r.url === `${MODEL_URL}/segment-case`);
    expect(again.request.params.has('testTimeMirroring')).toBe(false);
    again.flush(volumeResultDto());
    http.expectOne(`${MODEL_URL}/results`).flush([]);
  });

  it('cancels a running segmentation when a new one starts', () => {
    select();
    service.segmentFile(new File(['x'], 'a.png'));
    const first = http.expectOne((r) => r.url === `${MODEL_URL}/segment`);
    service.segmentFile(new File(['x'], 'b.png'));
    expect(first.cancelled).toBe(true);
    http.expectOne((r) => r.url === `${MODEL_URL}/segment`).flush(segmentResultDto());
  });

  it('segments a dataset pair without storing it', () => {
    select();
    service.segmentPair('ds1', pairDto(4, 'ds1'));
    const req = http.expectOne((r) => r.url === `${MODEL_URL}/segment-pair`);
    expect(req.request.params.get('persist')).toBe('false');
    expect(req.request.params.get('include')).toBe('image,probabilities');
    expect(req.request.body).toEqual({ datasetId: 'ds1', pairIndex: 4 });
    req.flush(
      segmentResultDto({ groundTruth: 'data:image/png;base64,truth', dice: 0.9, iou: 0.8 }),
    );
    expect(service.result()?.dice).toBe(0.9);
    expect(service.resultInput()).toEqual({
      kind: 'pair',
      datasetId: 'ds1',
      pairIndex: 4,
      name: 'case_004',
    });

    service.repeat();
    const again = http.expectOne((r) => r.url === `${MODEL_URL}/segment-pair`);
    expect(again.request.body).toEqual({ datasetId: 'ds1', pairIndex: 4 });
    again.flush(segmentResultDto());
  });

  it('offers ready datasets and their first pairs', () => {
    service.loadDatasets();
    const req = http.expectOne((r) => r.url === DATASETS_URL);
    expect(req.request.params.get('pageSize')).toBe(String(INFERENCE_CHOICES_PAGE_SIZE));
    req.flush(page([datasetDto({ id: 'a' }), datasetDto({ id: 'b', status: 'uploaded' })]));
    expect(service.datasets()?.map((d) => d.id)).toEqual(['a']);

    service.loadPairs('a');
    expect(service.pairsLoading()).toBe(true);
    const pairs = http.expectOne((r) => r.url === `${DATASETS_URL}/a/pairs`);
    expect(pairs.request.params.get('pageSize')).toBe(String(INFERENCE_PAIRS_PAGE_SIZE));
    pairs.flush(page([pairDto(0, 'a'), pairDto(1, 'a')]));
    expect(service.pairs().map((p) => p.index)).toEqual([0, 1]);
    expect(service.pairsLoading()).toBe(false);

    service.loadPairs('a');
    http
      .expectOne((r) => r.url === `${DATASETS_URL}/a/pairs`)
      .flush({ statusCode: 404, message: 'Dataset not found' }, { status: 404, statusText: '' });
    expect(service.pairsError()).toBe('Dataset not found');
  });

  it('searches and pages over all pairs of a dataset, not only the first page', () => {
    service.loadPairs('a', { query: ' case_1 ' });
    const first = http.expectOne((r) => r.url === `${DATASETS_URL}/a/pairs`);
    expect(first.request.params.get('q')).toBe('case_1');
    expect(first.request.params.get('page')).toBe('1');
    first.flush({ ...page([pairDto(10, 'a')]), total: 120 });
    expect(service.pairsTotal()).toBe(120);

    // The next page keeps the filter.
    service.loadPairs('a', { page: 2 });
    const second = http.expectOne((r) => r.url === `${DATASETS_URL}/a/pairs`);
    expect(second.request.params.get('q')).toBe('case_1');
    expect(second.request.params.get('page')).toBe('2');
    second.flush(page([pairDto(60, 'a')]));
    expect(service.pairsPage()).toBe(2);
  });

  it('deletes a stored result and reloads the history', () => {
    service.selectModel(MODEL_ID);
    http.expectOne(`${MODEL_URL}/load`).flush({ wasLoaded: true, loadMs: 0, memoryBytes: 1 });
    http.expectOne(`${MODEL_URL}/results`).flush([]);
    let done = false;
    service
      .deleteResult({ id: 'r1', fileName: 'scan.png' } as never)
      .subscribe(() => (done = true));
    const req = http.expectOne('/api/inference-results/r1');
    expect(req.request.method).toBe('DELETE');
    req.flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne(`${MODEL_URL}/results`).flush([]);
    expect(done).toBe(true);
  });

  it('says why the results could not be loaded', () => {
    service.selectModel(MODEL_ID);
    http.expectOne(`${MODEL_URL}/load`).flush({ wasLoaded: true, loadMs: 0, memoryBytes: 1 });
    http.expectOne(`${MODEL_URL}/results`).flush(null, { status: 0, statusText: '' });
    expect(service.historyError()).toBe('No response from the gateway (network error)');
  });
});
