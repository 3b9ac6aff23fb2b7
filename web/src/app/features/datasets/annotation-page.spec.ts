import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AnnotationPage } from './annotation-page';

describe('AnnotationPage', () => {
  it('lists the queue and orders it by the chosen model', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AnnotationPage);
    fixture.componentRef.setInput('id', 'd1');
    fixture.detectChanges();
    http
      .match((r) => r.url === '/api/datasets/d1')
      .forEach((r) => r.flush({ id: 'd1', name: 'Liver', labels: [] }));
    http
      .expectOne((r) => r.url === '/api/models')
      .flush({
        items: [{ id: 'm1', name: 'unet', status: 'completed', datasetId: 'd1' }],
        total: 1,
        page: 1,
        pageSize: 100,
      });
    const item = (caseIndex: number, score: number | null) => ({
      caseIndex,
      name: `case_${caseIndex}`,
      depth: 8,
      height: 16,
      width: 16,
      score,
    });
    http
      .expectOne('/api/datasets/d1/annotation-queue')
      .flush({ version: 2, ordering: 'index', items: [item(1, null), item(4, null)] });
    await fixture.whenStable();
    fixture.detectChanges();
    const queue = fixture.nativeElement.querySelector(
      '[data-testid="annotation-queue"]',
    ) as HTMLElement;
    expect(queue.textContent).toContain('case_1');
    expect(queue.textContent).toContain('case_4');
    expect(fixture.componentInstance.hasUnsavedChanges()).toBe(false);

    (fixture.componentInstance as unknown as { chooseModel(id: string): void }).chooseModel('m1');
    http
      .expectOne('/api/datasets/d1/annotation-queue?modelId=m1&method=entropy')
      .flush({ version: 2, ordering: 'entropy', items: [item(4, 0.9), item(1, 0.2)] });
    await fixture.whenStable();
    fixture.detectChanges();
    const names = [...queue.querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(names[0]).toContain('case_4');
    expect(names[0]).toContain('0.90');
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('[data-testid="annotation-method"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="annotation-method-fallback"]')).toBeNull();

    // Monte-Carlo dropout asked of a model without dropout: the server ordered by entropy, and says so.
    (fixture.componentInstance as unknown as { chooseMethod(m: string): void }).chooseMethod(
      'mc-dropout',
    );
    http
      .expectOne('/api/datasets/d1/annotation-queue?modelId=m1&method=mc-dropout')
      .flush({ version: 2, ordering: 'entropy', items: [item(4, 0.9), item(1, 0.2)] });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(page.querySelector('[data-testid="annotation-method-fallback"]')?.textContent).toContain(
      'without dropout',
    );
  });
});
