import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MODELS_URL } from '../../shared/api-urls';
import { page } from '../../testing/dataset-fixtures';
import { modelDto } from '../../testing/model-fixtures';
import { ModelListStore } from './model-list.store';

describe('ModelListStore', () => {
  let http: HttpTestingController;
  let store: ModelListStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ModelListStore);
  });

  afterEach(() => http.verify());

  it('asks for the newest first and reports training while a model trains', () => {
    store.loadList();
    const req = http.expectOne((r) => r.url === MODELS_URL);
    expect(req.request.params.toString()).toBe('page=1&pageSize=20&sort=createdAt&order=desc');
    req.flush(page([modelDto(), modelDto({ id: 'b', status: 'training', jobState: 'queued' })]));

    expect(store.models().length).toBe(2);
    expect(store.training()).toBe(true);
  });

  it('sends the sort it is given', () => {
    store.setListQuery({ sort: 'bestDice', order: 'desc', page: 2 });
    const req = http.expectOne((r) => r.url === MODELS_URL);
    expect(req.request.params.toString()).toBe('page=2&pageSize=20&sort=bestDice&order=desc');
    req.flush(page([], 0, 2));
  });

  it('puts a changed model in place with its list fields only', () => {
    store.loadList();
    http.expectOne((r) => r.url === MODELS_URL).flush(page([modelDto({ status: 'training' })]));
    store.replace({
      ...modelDto({ status: 'completed', stoppedEarly: true }),
      history: [],
    } as never);
    expect(store.models()[0]).toMatchObject({ status: 'completed', stoppedEarly: true });
    expect(store.models()[0]).not.toHaveProperty('history');
  });
});
