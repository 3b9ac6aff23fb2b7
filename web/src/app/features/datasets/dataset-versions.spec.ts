import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { DatasetVersions } from './dataset-versions';

describe('DatasetVersions', () => {
  it('lists the versions newest first with their changes, author and ZIP link', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(DatasetVersions);
    fixture.componentRef.setInput('datasetId', 'd1');
    fixture.detectChanges();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/datasets/d1/versions')
      .flush([
        {
          version: 1,
          parent: null,
          createdAt: '2026-12-01T10:00:00Z',
          createdBy: null,
          labelledCases: 3,
          unlabeledCases: 2,
          changes: [],
        },
        {
          version: 2,
          parent: 1,
          createdAt: '2026-12-01T11:00:00Z',
          createdBy: { id: 'u', name: 'Ann' },
          labelledCases: 4,
          unlabeledCases: 1,
          changes: [{ caseIndex: 3, caseName: 'case_003', annotationId: 'a', kind: 'added' }],
        },
      ]);
    await fixture.whenStable();
    fixture.detectChanges();
    const items = [...fixture.nativeElement.querySelectorAll('.versions > li')] as HTMLElement[];
    expect(items[0].textContent).toContain('Version 2');
    expect(items[0].textContent).toContain('Ann');
    expect(items[0].textContent).toContain('case_003');
    expect(items[1].textContent).toContain('as uploaded');
    expect(items[0].querySelector('a')?.getAttribute('href')).toBe(
      '/api/datasets/d1/versions/2/archive.zip',
    );
  });
});
