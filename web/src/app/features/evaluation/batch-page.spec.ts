import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { BATCH_ID, aggregateDto, batchDto } from '../../testing/evaluation-fixtures';
import { FakeEventSource } from '../../testing/fake-event-source';
import { BatchPage } from './batch-page';
import { BATCHES_URL } from './evaluation.service';
import { signIn } from '../../testing/auth-fixtures';
import { GRACE } from '../../testing/owner-fixtures';

const GRACES = { owner: GRACE, canChange: false } as const;

const URL = `${BATCHES_URL}/${BATCH_ID}`;

describe('BatchPage', () => {
  let fixture: ComponentFixture<BatchPage>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [BatchPage],
      providers: [
        provideRouter([{ path: 'training/:id', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useFactory: () => FakeEventSource.factory() },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signIn('researcher');
  });

  afterEach(() => http.verify());

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(BatchPage);
    fixture.componentRef.setInput('id', BATCH_ID);
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const el = (): HTMLElement => fixture.nativeElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('shows images done of total, rate and ETA while running, and cancels', async () => {
    await render();
    const running = batchDto({
      state: 'running',
      failures: [],
      progress: {
        done: 8,
        total: 20,
        failed: 0,
        imagesPerSecond: 2.5,
        elapsedSeconds: 3,
        etaSeconds: 95,
      },
    });
    http.expectOne(URL).flush(running);
    await fixture.whenStable();
    expect(text('job-progress-text')).toBe('Images 8/20 · 2.5 images/s · ETA 1m 35s');
    const bar = byTestId('job-progress')!.querySelector('mat-progress-bar')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(byTestId('batch-downloads')).toBeNull();

    byTestId('job-cancel')!.click();
    const cancel = http.expectOne(`${URL}/cancel`);
    expect(cancel.request.method).toBe('POST');
    cancel.flush(batchDto({ state: 'cancelled', failures: [] }));
    await fixture.whenStable();
    expect(byTestId('job-progress')).toBeNull();
    expect(text('batch-error')).toContain('cancelled');
    expect(FakeEventSource.last().closed).toBe(true);
  });

  it('offers the masks, CSV and report once completed, with counts and failures', async () => {
    await render();
    http.expectOne(URL).flush(batchDto({ aggregate: aggregateDto() }));
    await fixture.whenStable();
    expect(FakeEventSource.created).toEqual([]);
    expect(byTestId('batch-masks')?.getAttribute('href')).toBe(`${URL}/masks`);
    expect(byTestId('batch-csv')?.getAttribute('href')).toBe(`${URL}/results.csv`);
    expect(byTestId('batch-report')?.getAttribute('href')).toBe(`${URL}/report`);
    expect(text('batch-masks')).toContain('120.0 kB');
    const stats = Object.fromEntries(
      Array.from(byTestId('batch-summary')!.querySelectorAll('.stat')).map((s) => [
        s.querySelector('.stat-label')?.textContent?.trim(),
        s.querySelector('.stat-value')?.textContent?.trim(),
      ]),
    );
    expect(stats).toEqual({ Images: '20', Failed: '1', Time: '4s', 'Mean Dice': '0.910' });
    expect(byTestId('aggregate-table')).not.toBeNull();
    const failure = byTestId('batch-failures')!.querySelector('tbody tr')!;
    expect(Array.from(failure.querySelectorAll('td')).map((td) => td.textContent?.trim())).toEqual([
      'scans/broken.png',
      'Could not decode the image',
    ]);
  });

  it("shows who started someone else's batch, without Cancel or Delete", async () => {
    await render();
    http.expectOne(URL).flush(batchDto({ state: 'running', failures: [], ...GRACES }));
    await fixture.whenStable();
    expect(byTestId('job-owner')?.querySelector('[data-testid="owner-name"]')?.textContent).toBe(
      'Grace Hopper',
    );
    expect(byTestId('job-progress')).not.toBeNull();
    expect(byTestId('job-cancel')).toBeNull();

    http.expectNone(`${URL}/cancel`);
    fixture.destroy();
    await render();
    http.expectOne(URL).flush(batchDto(GRACES));
    await fixture.whenStable();
    expect(byTestId('batch-downloads')).not.toBeNull();
    expect(byTestId('batch-delete')).toBeNull();
  });

  it('shows why a batch failed', async () => {
    await render();
    http
      .expectOne(URL)
      .flush(batchDto({ state: 'failed', error: 'No image in the ZIP could be read' }));
    await fixture.whenStable();
    expect(text('batch-error')).toContain('No image in the ZIP could be read');
  });

  it('deletes a finished batch after asking, then goes back to its model', async () => {
    await render();
    http.expectOne(URL).flush(batchDto());
    await fixture.whenStable();
    byTestId('batch-delete')!.click();
    await fixture.whenStable();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-ok"]')!.click();
    await fixture.whenStable();
    const req = http.expectOne(URL);
    expect(req.request.method).toBe('DELETE');
    req.flush(null);
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(TestBed.inject(Router).url).toBe(`/training/${batchDto().modelId}`);
  });
});
