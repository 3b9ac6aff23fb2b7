import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { page } from '../../testing/dataset-fixtures';
import { modelDto, modelMetricsDto } from '../../testing/model-fixtures';
import { SHARED_BY_GRACE, UNOWNED } from '../../testing/owner-fixtures';
import { MODELS_URL } from '../../shared/api-urls';
import { SEARCH_DEBOUNCE_MS } from '../../shared/list-filter';
import { MODEL_LIST_POLL_MS, ModelList } from './model-list';

describe('ModelList', () => {
  let fixture: ComponentFixture<ModelList>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ModelList],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    vi.useRealTimers();
  });

  const listRequest = (r: { url: string; method: string }) =>
    r.url === MODELS_URL && r.method === 'GET';

  function rows(): HTMLElement[] {
    return Array.from(fixture.nativeElement.querySelectorAll('[data-testid="model-row"]'));
  }

  function status(row: HTMLElement): string {
    return row.querySelector('[data-testid="model-status"] .label')?.textContent?.trim() ?? '';
  }

  it('lists each model with its status, version, dataset and best Dice', async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(
      page([
        modelDto({ id: 'a', name: 'done', version: 3 }),
        modelDto({
          id: 'b',
          name: 'waiting',
          status: 'training',
          jobState: 'queued',
          queuePosition: 2,
          bestDice: null,
        }),
        modelDto({
          id: 'c',
          name: 'running',
          status: 'training',
          jobState: 'running',
          epochsDone: 2,
          progress: {
            epoch: 3,
            epochs: 30,
            step: 5,
            totalSteps: 40,
            trainLoss: 0.4,
            etaSeconds: 100,
            elapsedSeconds: 90,
            samplesPerSecond: 40,
          },
        }),
        modelDto({
          id: 'd',
          name: 'stopped',
          status: 'failed',
          jobState: 'cancelled',
          error: 'cancelled',
        }),
        modelDto({ id: 'e', name: 'broken', status: 'failed', jobState: 'failed', error: 'OOM' }),
      ]),
    );
    await fixture.whenStable();

    expect(rows().map((r) => [r.dataset['name'], r.dataset['status'], r.dataset['id']])).toEqual([
      ['done', 'completed', 'a'],
      ['waiting', 'training', 'b'],
      ['running', 'training', 'c'],
      ['stopped', 'failed', 'd'],
      ['broken', 'failed', 'e'],
    ]);
    expect(rows().map(status)).toEqual([
      'Completed',
      'Queued #2',
      'Epoch 3/30',
      'Cancelled',
      'Failed',
    ]);
    const [done, waiting] = rows();
    expect(done.textContent).toContain('v3');
    expect(done.textContent).toContain('brain-slices');
    expect(done.textContent).toContain('U-Net');
    expect(done.querySelector('[data-testid="model-best-dice"]')?.textContent?.trim()).toBe(
      '0.873',
    );
    expect(done.querySelector('a')?.getAttribute('href')).toBe('/a');
    expect(waiting.querySelector('[data-testid="model-best-dice"]')?.textContent?.trim()).toBe('–');
  });

  it("reads Best Dice from the model card's final metrics, else from the running best", async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http
      .expectOne(listRequest)
      .flush(
        page(
          [
            modelDto({ id: 'a', bestDice: 0.319, metrics: modelMetricsDto({ bestDice: 0.612 }) }),
            modelDto({ id: 'b', status: 'training', bestDice: 0.4, metrics: null }),
          ],
          2,
        ),
      );
    await fixture.whenStable();

    expect(
      rows().map((r) => r.querySelector('[data-testid="model-best-dice"]')?.textContent?.trim()),
    ).toEqual(['0.612', '0.400']);
  });

  it('shows an empty state when nothing was trained yet', async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(page([], 0));
    await fixture.whenStable();

    expect(rows()).toEqual([]);
    expect(fixture.nativeElement.textContent).toContain('No models yet');
  });

  it('polls every 2 s while a model trains, and stops when none does', () => {
    vi.useFakeTimers();
    const training = modelDto({ status: 'training', jobState: 'running' });
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(page([training]));
    fixture.detectChanges();

    vi.advanceTimersByTime(MODEL_LIST_POLL_MS - 1);
    http.expectNone(listRequest);
    vi.advanceTimersByTime(1);
    http.expectOne(listRequest).flush(page([modelDto()]));
    fixture.detectChanges();
    expect(rows()[0].dataset['status']).toBe('completed');

    vi.advanceTimersByTime(5 * MODEL_LIST_POLL_MS);
    http.expectNone(listRequest);
  });

  it('asks the gateway for the models whose name matches the search', async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(page([modelDto()]));
    await fixture.whenStable();

    const search = fixture.nativeElement.querySelector(
      '[data-testid="list-search"]',
    ) as HTMLInputElement;
    search.value = '  U-Net ';
    search.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 20));

    const req = http.expectOne(listRequest);
    expect(req.request.params.get('search')).toBe('U-Net');
    req.flush(page([modelDto()]));
  });

  it('shows the owner and visibility of each model, and filters by owner', async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http
      .expectOne(listRequest)
      .flush(
        page([
          modelDto({ id: 'a', name: 'mine' }),
          modelDto({ id: 'b', name: 'graces', ...SHARED_BY_GRACE }),
          modelDto({ id: 'c', name: 'legacy', ...UNOWNED }),
        ]),
      );
    await fixture.whenStable();

    expect(
      rows().map((r) => [
        r.querySelector('[data-testid="owner-name"]')?.textContent?.trim(),
        r.querySelector('[data-testid="visibility"]')?.getAttribute('data-visibility'),
      ]),
    ).toEqual([
      ['Ada Lovelace', 'private'],
      ['Grace Hopper', 'shared'],
      ['—', 'shared'],
    ]);

    const owner = fixture.nativeElement.querySelector('[data-testid="list-owner"]') as HTMLElement;
    owner.querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    await fixture.whenStable();
    Array.from(document.querySelectorAll<HTMLElement>('mat-option'))
      .find((o) => o.textContent?.trim() === 'Mine')!
      .click();
    await fixture.whenStable();

    const req = http.expectOne(listRequest);
    expect(req.request.params.get('owner')).toBe('me');
    req.flush(page([modelDto()]));
  });

  it('asks the gateway to sort by best Dice', async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http.expectOne(listRequest).flush(page([modelDto()]));
    await fixture.whenStable();

    const header = Array.from(
      fixture.nativeElement.querySelectorAll('th') as NodeListOf<HTMLElement>,
    ).find((th) => th.textContent?.includes('Best Dice'));
    header!.querySelector<HTMLElement>('.mat-sort-header-container')!.click();

    const req = http.expectOne(listRequest);
    expect(req.request.params.get('sort')).toBe('bestDice');
    expect(req.request.params.get('order')).toBe('asc');
    req.flush(page([modelDto()]));
  });

  it('compares the completed models ticked in the table', async () => {
    fixture = TestBed.createComponent(ModelList);
    fixture.detectChanges();
    http
      .expectOne(listRequest)
      .flush(
        page([
          modelDto({ id: 'a', name: 'first' }),
          modelDto({ id: 'b', name: 'running', status: 'training', jobState: 'running' }),
          modelDto({ id: 'c', name: 'second' }),
        ]),
      );
    await fixture.whenStable();
    const boxes = () =>
      Array.from(
        fixture.nativeElement.querySelectorAll(
          '[data-testid="model-select"] input',
        ) as NodeListOf<HTMLInputElement>,
      );
    // Only completed models can be compared.
    expect(boxes().length).toBe(2);
    const compare = fixture.nativeElement.querySelector(
      '[data-testid="model-compare"]',
    ) as HTMLButtonElement;
    boxes()[0].click();
    await fixture.whenStable();
    expect(compare.disabled).toBe(true);
    boxes()[1].click();
    await fixture.whenStable();
    expect(compare.disabled).toBe(false);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    compare.click();
    expect(navigate).toHaveBeenCalledWith(['/compare'], { queryParams: { ids: 'a,c' } });
  });
});
