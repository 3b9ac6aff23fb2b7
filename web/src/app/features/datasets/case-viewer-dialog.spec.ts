import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { caseDto } from '../../testing/dataset-fixtures';
import { CaseViewerDialog, type CaseViewerData } from './case-viewer-dialog';

const DATA: CaseViewerData = {
  labels: [{ value: 1, name: 'liver', color: '' }],
  case: caseDto(3, {
    name: 'liver_003',
    depth: 12,
    height: 40,
    width: 48,
    channels: 2,
    spacing: [2.5, 0.8, 0.8],
    modality: 'CT',
    imageUrls: [
      '/api/datasets/d1/cases/3/image.nii.gz?channel=0',
      '/api/datasets/d1/cases/3/image.nii.gz?channel=1',
    ],
  }),
};

describe('CaseViewerDialog', () => {
  it('opens the case in the volume viewer with its facts and a channel choice', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: DATA },
      ],
    });
    const fixture = TestBed.createComponent(CaseViewerDialog);
    fixture.detectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('h2')?.textContent).toContain('liver_003');
    expect(
      el.querySelector('[data-testid="case-viewer-facts"]')?.textContent?.replace(/\s+/g, ' '),
    ).toContain('48 × 40 × 12 · 2.5 × 0.8 × 0.8 mm · CT');
    expect(el.querySelector('[data-testid="case-viewer-channel"]')).not.toBeNull();
    expect(el.querySelector('app-volume-viewer')).not.toBeNull();
    TestBed.inject(HttpTestingController)
      .match('/api/inference/palette')
      .forEach((req) => req.flush({ colors: [[255, 0, 0]] }));
  });
});
