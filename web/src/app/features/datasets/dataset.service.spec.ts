import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiError } from '../../shared/api-error';
import { XHR_FACTORY } from '../../shared/xhr-upload';
import { datasetDto, detailDto, page, pairDto } from '../../testing/dataset-fixtures';
import { FakeXhr } from '../../testing/fake-xhr';
import { DATASETS_URL, DatasetService, PAIRS_PAGE_SIZE } from './dataset.service';

const ID = datasetDto().id;

describe('DatasetService', () => {
  let http: HttpTestingController;
  let service: DatasetService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: XHR_FACTORY, useFactory: () => FakeXhr.factory() },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    service = TestBed.inject(DatasetService);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  function file(name: string, size: number): File {
    return new File([new Uint8Array(size)], name, { type: 'application/zip' });
  }

  describe('list', () => {
    it('asks for the first page, newest first, and exposes the datasets', () => {
      service.loadList();
      expect(service.listLoading()).toBe(true);

      const req = http.expectOne((r) => r.url === DATASETS_URL);
      expect(req.request.params.toString()).toBe('page=1&pageSize=20&sort=uploadedAt&order=desc');
      req.flush(page([datasetDto()], 1));

      expect(service.listLoading()).toBe(false);
      expect(service.datasets().map((d) => d.name)).toEqual(['brain-slices']);
      expect(service.total()).toBe(1);
      expect(service.inspecting()).toBe(false);
    });

    it('sends the sort, order and page it is given', () => {
      service.setListQuery({ sort: 'pairCount', order: 'asc', page: 3, pageSize: 50 });
      const req = http.expectOne((r) => r.url === DATASETS_URL);
      expect(req.request.params.toString()).toBe('page=3&pageSize=50&sort=pairCount&order=asc');
      req.flush(page([], 0, 3, 50));
    });

    it('drops an older answer when the query changes before it arrives', () => {
      service.loadList();
      const first = http.expectOne((r) => r.params.get('sort') === 'uploadedAt');
      service.setListQuery({ sort: 'name', order: 'asc' });
      expect(first.cancelled).toBe(true);
      http
        .expectOne((r) => r.params.get('sort') === 'name')
        .flush(page([datasetDto({ name: 'a' })]));
      expect(service.datasets()[0].name).toBe('a');
    });

    it('reports inspecting while a dataset is still uploaded', () => {
      service.loadList();
      http
        .expectOne((r) => r.url === DATASETS_URL)
        .flush(page([datasetDto(), datasetDto({ id: 'b', status: 'uploaded' })]));
      expect(service.inspecting()).toBe(true);
    });

    it('keeps the last page and shows the message of a failed load', () => {
      service.loadList();
      http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto()]));
      service.loadList({ quiet: true });
      expect(service.listLoading()).toBe(false);
      http
        .expectOne((r) => r.url === DATASETS_URL)
        .flush(
          {
            statusCode: 400,
            message: ['pageSize must not be greater than 200'],
            error: 'Bad Request',
          },
          { status: 400, statusText: 'Bad Request' },
        );

      expect(service.listError()).toEqual({
        status: 400,
        message: 'pageSize must not be greater than 200',
      });
      expect(service.datasets().length).toBe(1);
    });
  });

  describe('detail and pairs', () => {
    it('loads a ready dataset and then its first page of pairs', () => {
      service.openDataset(ID);
      http.expectOne(`${DATASETS_URL}/${ID}`).flush(detailDto());
      expect(service.detail()?.stats?.classCount).toBe(3);

      const pairsReq = http.expectOne((r) => r.url === `${DATASETS_URL}/${ID}/pairs`);
      expect(pairsReq.request.params.get('page')).toBe('1');
      expect(pairsReq.request.params.get('pageSize')).toBe(String(PAIRS_PAGE_SIZE));
      pairsReq.flush(page([pairDto(0), pairDto(1)], 100, 1, PAIRS_PAGE_SIZE));

      expect(service.pairs().map((p) => p.index)).toEqual([0, 1]);
      expect(service.pairsTotal()).toBe(100);
      expect(service.hasMorePairs()).toBe(true);
    });

    it('appends the next page of pairs on demand', () => {
      service.openDataset(ID);
      http.expectOne(`${DATASETS_URL}/${ID}`).flush(detailDto({ pairCount: 50 }));
      const firstPage = Array.from({ length: PAIRS_PAGE_SIZE }, (_, i) => pairDto(i));
      http.expectOne((r) => r.url.endsWith('/pairs')).flush(page(firstPage, 50));

      service.loadMorePairs();
      const req = http.expectOne((r) => r.url.endsWith('/pairs'));
      expect(req.request.params.get('page')).toBe('2');
      req.flush(page([pairDto(48), pairDto(49)], 50, 2, PAIRS_PAGE_SIZE));

      expect(service.pairs().length).toBe(50);
      expect(service.hasMorePairs()).toBe(false);
    });

    it('waits for inspection to finish before asking for pairs', () => {
      service.openDataset(ID);
      http
        .expectOne(`${DATASETS_URL}/${ID}`)
        .flush(detailDto({ status: 'uploaded', pairCount: 0, stats: null }));
      http.expectNone((r) => r.url.endsWith('/pairs'));

      service.refreshDetail();
      expect(service.detailLoading()).toBe(false);
      http.expectOne(`${DATASETS_URL}/${ID}`).flush(detailDto());
      http.expectOne((r) => r.url.endsWith('/pairs')).flush(page([pairDto(0)], 1));
      expect(service.pairs().length).toBe(1);
    });

    it('forgets the previous dataset when another is opened', () => {
      service.openDataset(ID);
      http.expectOne(`${DATASETS_URL}/${ID}`).flush(detailDto());
      http.expectOne((r) => r.url.endsWith('/pairs')).flush(page([pairDto(0)], 1));

      service.openDataset('other');
      expect(service.detail()).toBeNull();
      expect(service.pairs()).toEqual([]);
      http.expectOne(`${DATASETS_URL}/other`).flush(
        { statusCode: 404, message: 'Dataset other not found', error: 'Not Found' },
        {
          status: 404,
          statusText: 'Not Found',
        },
      );
      expect(service.detailError()).toEqual({ status: 404, message: 'Dataset other not found' });
    });
  });

  describe('delete', () => {
    it('deletes a dataset and removes it from the list', async () => {
      service.loadList();
      http
        .expectOne((r) => r.url === DATASETS_URL)
        .flush(page([datasetDto(), datasetDto({ id: 'b', name: 'other' })]));

      const done = service.deleteDataset(ID);
      const req = http.expectOne(`${DATASETS_URL}/${ID}`);
      expect(req.request.method).toBe('DELETE');
      req.flush(null, { status: 204, statusText: 'No Content' });
      await done;

      expect(service.datasets().map((d) => d.name)).toEqual(['other']);
      http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto({ id: 'b' })]));
    });

    it('rejects with the gateway message when a training uses the dataset', async () => {
      const done = service.deleteDataset(ID);
      http.expectOne(`${DATASETS_URL}/${ID}`).flush(
        {
          statusCode: 409,
          message: 'Dataset brain-slices is used by training job 12; delete that job first',
          error: 'Conflict',
        },
        { status: 409, statusText: 'Conflict' },
      );

      await expect(done).rejects.toEqual(
        new ApiError(409, 'Dataset brain-slices is used by training job 12; delete that job first'),
      );
    });
  });

  describe('import', () => {
    it('posts the URL and name, then reloads the list', async () => {
      const done = service.importArchive('https://example.org/d.zip', ' Brain ');
      expect(service.importing()).toBe('https://example.org/d.zip');

      const req = http.expectOne(`${DATASETS_URL}/import`);
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ url: 'https://example.org/d.zip', name: 'Brain' });
      req.flush(datasetDto({ status: 'uploaded' }), { status: 201, statusText: 'Created' });

      expect((await done)?.status).toBe('uploaded');
      expect(service.importing()).toBeNull();
      http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto()]));
    });

    it('leaves the name out when it is empty', () => {
      service.importArchive('https://example.org/d.zip', '  ');
      expect(http.expectOne(`${DATASETS_URL}/import`).request.body).toEqual({
        url: 'https://example.org/d.zip',
      });
      service.cancelImport();
    });

    it('aborts the request when cancelled and resolves with null', async () => {
      const done = service.importArchive('https://example.org/d.zip');
      const req = http.expectOne(`${DATASETS_URL}/import`);
      service.cancelImport();

      expect(req.cancelled).toBe(true);
      expect(await done).toBeNull();
      expect(service.importing()).toBeNull();
    });

    it('rejects with the reason the gateway refused the URL', async () => {
      const done = service.importArchive('http://127.0.0.1/x.zip');
      http
        .expectOne(`${DATASETS_URL}/import`)
        .flush(
          { statusCode: 400, message: 'URL points to a private address', error: 'Bad Request' },
          { status: 400, statusText: 'Bad Request' },
        );
      await expect(done).rejects.toThrow('URL points to a private address');
    });
  });

  describe('upload', () => {
    it('sends the name before the archive and reports byte progress with a rate', async () => {
      vi.useFakeTimers();
      const done = service.uploadArchive(file('scans.zip', 1000), 'Scans');
      const xhr = FakeXhr.last();

      expect(xhr.method).toBe('POST');
      expect(xhr.url).toBe(DATASETS_URL);
      expect([...(xhr.body?.keys() ?? [])]).toEqual(['name', 'archive']);
      expect(xhr.body?.get('name')).toBe('Scans');
      expect((xhr.body?.get('archive') as File).name).toBe('scans.zip');
      expect(service.upload()).toEqual({
        fileName: 'scans.zip',
        loaded: 0,
        total: 1000,
        bytesPerSecond: 0,
      });

      vi.advanceTimersByTime(2000);
      xhr.progress(400, 1000);
      expect(service.upload()).toMatchObject({ loaded: 400, total: 1000, bytesPerSecond: 200 });

      xhr.respond(201, datasetDto({ name: 'Scans', status: 'uploaded' }));
      expect((await done)?.name).toBe('Scans');
      expect(service.upload()).toBeNull();
      http.expectOne((r) => r.url === DATASETS_URL).flush(page([datasetDto()]));
    });

    it('sends no name field when none is given', () => {
      service.uploadArchive(file('scans.zip', 10));
      expect([...(FakeXhr.last().body?.keys() ?? [])]).toEqual(['archive']);
      service.cancelUpload();
    });

    it('aborts the request when cancelled and resolves with null', async () => {
      const done = service.uploadArchive(file('scans.zip', 1000));
      const xhr = FakeXhr.last();
      xhr.progress(100, 1000);

      service.cancelUpload();

      expect(xhr.aborted).toBe(true);
      expect(await done).toBeNull();
      expect(service.upload()).toBeNull();
    });

    it('rejects with the gateway message for a refused archive', async () => {
      const done = service.uploadArchive(file('scans.zip', 10));
      FakeXhr.last().respond(400, {
        statusCode: 400,
        message: 'scans.zip is not a ZIP archive',
        error: 'Bad Request',
      });
      await expect(done).rejects.toEqual(new ApiError(400, 'scans.zip is not a ZIP archive'));
      expect(service.upload()).toBeNull();
    });

    it('explains a 413 that came without a JSON body', async () => {
      const done = service.uploadArchive(file('scans.zip', 10));
      FakeXhr.last().respond(413, '<html>Request Entity Too Large</html>', 'Payload Too Large');
      await expect(done).rejects.toThrow('larger than the gateway accepts');
    });

    it('rejects when the connection drops', async () => {
      const done = service.uploadArchive(file('scans.zip', 10));
      FakeXhr.last().fail();
      await expect(done).rejects.toThrow('no response from the gateway');
    });
  });
});
