import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AnnotationService } from './annotation.service';

describe('AnnotationService', () => {
  let service: AnnotationService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    service = TestBed.inject(AnnotationService);
    http = TestBed.inject(HttpTestingController);
  });

  it('asks for the queue ordered by a model', async () => {
    const answer = service.queue('d 1', 'm1', 'mc-dropout');
    const req = http.expectOne('/api/datasets/d%201/annotation-queue?modelId=m1&method=mc-dropout');
    req.flush({ version: 2, ordering: 'entropy', items: [] });
    expect((await answer).version).toBe(2);
  });

  it('posts a save as multipart to the case', async () => {
    const answer = service.save('d1', 4, {
      mask: new Blob([]),
      baseVersion: 1,
      proposalSource: 'empty',
      proposalModelId: null,
      proposal: null,
      secondsSpent: 3,
    });
    const req = http.expectOne('/api/datasets/d1/cases/4/annotations');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toBeInstanceOf(FormData);
    req.flush(
      { version: { version: 2 }, annotation: { id: 'a' } },
      { status: 201, statusText: 'Created' },
    );
    expect((await answer).version.version).toBe(2);
  });

  it('offers only completed models of the dataset', async () => {
    const answer = service.models('d1');
    const req = http.expectOne((r) => r.url === '/api/models');
    expect(req.request.params.get('status')).toBe('completed');
    req.flush({
      items: [
        { id: 'a', status: 'completed', datasetId: 'd1' },
        { id: 'b', status: 'completed', datasetId: 'd2' },
      ],
      total: 2,
      page: 1,
      pageSize: 100,
    });
    expect((await answer).map((m) => m.id)).toEqual(['a']);
  });

  it('posts a fine-tune of a model', async () => {
    const answer = service.fineTune('m1', { datasetVersion: 3, epochs: 5 });
    const req = http.expectOne('/api/models/m1/fine-tune');
    expect(req.request.body).toEqual({ datasetVersion: 3, epochs: 5 });
    req.flush({ id: 'child' });
    expect((await answer).id).toBe('child');
  });
});
