import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { page, pairDto } from '../../testing/dataset-fixtures';
import { DATASETS_URL } from '../datasets/dataset.service';
import { MODELS_URL } from '../../shared/api-urls';
import { INFERENCE_PAIRS_PAGE_SIZE, InferenceService } from './inference.service';
import { PairPicker } from './pair-picker';

describe('PairPicker', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<PairPicker>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PairPicker);
    TestBed.inject(InferenceService).loadPairs('ds');
    http
      .expectOne((r) => r.url === `${DATASETS_URL}/ds/pairs`)
      .flush(page([pairDto(0, 'ds'), pairDto(1, 'ds')], 130, 1, INFERENCE_PAIRS_PAGE_SIZE));
    fixture.detectChanges();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T =>
    fixture.nativeElement.querySelector(`[data-testid="${id}"]`) as T;

  it('says which pairs it shows of how many, and pages over all of them', async () => {
    expect(fixture.nativeElement.textContent).toContain(
      `Pairs 1–${INFERENCE_PAIRS_PAGE_SIZE} of 130`,
    );
    expect(fixture.nativeElement.textContent).toContain('Page 1 of 3');
    byTestId('inference-pairs-next').click();
    const next = http.expectOne((r) => r.url === `${DATASETS_URL}/ds/pairs`);
    expect(next.request.params.get('page')).toBe('2');
    next.flush(page([pairDto(48, 'ds')], 130, 2, INFERENCE_PAIRS_PAGE_SIZE));
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('Page 2 of 3');
  });

  it('finds pairs by name over the whole dataset', async () => {
    const search = byTestId<HTMLInputElement>('inference-pair-search');
    search.value = 'case_120';
    search.dispatchEvent(new Event('change'));
    const req = http.expectOne((r) => r.url === `${DATASETS_URL}/ds/pairs`);
    expect(req.request.params.get('q')).toBe('case_120');
    req.flush(page([], 0, 1, INFERENCE_PAIRS_PAGE_SIZE));
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('No pair name contains "case_120"');
  });

  it('emits the pair picked once a model is chosen', async () => {
    TestBed.inject(InferenceService).selectModel('m');
    http.expectOne(`${MODELS_URL}/m/load`).flush({ wasLoaded: true, loadMs: 0, memoryBytes: 1 });
    http.expectOne(`${MODELS_URL}/m/results`).flush([]);
    fixture.detectChanges();
    await fixture.whenStable();
    const picked: number[] = [];
    fixture.componentInstance.picked.subscribe((p) => picked.push(p.index));
    fixture.nativeElement.querySelectorAll('[data-testid="inference-pair"]')[1].click();
    expect(picked).toEqual([1]);
  });
});
