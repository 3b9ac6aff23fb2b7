import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { caseDto, volumeDetailDto } from '../../testing/dataset-fixtures';
import { type CaseDto } from './dataset.model';
import { DatasetCases, formatMl, formatSpacing } from './dataset-cases';

describe('DatasetCases', () => {
  let fixture: ComponentFixture<DatasetCases>;

  function render(cases: CaseDto[], total = cases.length): HTMLElement {
    fixture = TestBed.createComponent(DatasetCases);
    fixture.componentRef.setInput('cases', cases);
    fixture.componentRef.setInput('labels', volumeDetailDto().labels);
    fixture.componentRef.setInput('total', total);
    fixture.detectChanges();
    return fixture.nativeElement;
  }

  const texts = (root: HTMLElement, testId: string) =>
    Array.from(root.querySelectorAll(`[data-testid="${testId}"]`)).map((e) =>
      e.textContent!.trim(),
    );

  it('shows shape, spacing in mm, channels and modality of every case', () => {
    const root = render([caseDto(0), caseDto(1, { spacing: [3, 0.75, 0.75], depth: 20 })]);
    expect(root.querySelectorAll('[data-testid="case-row"]').length).toBe(2);
    expect(texts(root, 'case-shape')).toEqual(['12 × 40 × 48', '20 × 40 × 48']);
    expect(texts(root, 'case-spacing')).toEqual(['2.5 × 0.8 × 0.8', '3 × 0.75 × 0.75']);
    const first = root.querySelector('[data-testid="case-row"]')!.textContent!;
    expect(first).toContain('BRATS_001');
    expect(first).toContain('MR');
  });

  it('gives each foreground label a column named by the dataset, with its volume in mL', () => {
    const root = render([caseDto(0)]);
    // Label 1 is "edema" in the dataset; label 2 has no name.
    expect(texts(root, 'case-label-header')).toEqual(['edema mL', 'label 2 mL']);
    expect(texts(root, 'case-label-volume')).toEqual(['4.00 mL', '0.864 mL']);
  });

  it('marks an unlabeled case and shows no label volumes for it', () => {
    const root = render([caseDto(0), caseDto(2, { unlabeled: true })]);
    const rows = root.querySelectorAll('[data-testid="case-row"]');
    expect(rows[0].querySelector('[data-testid="case-unlabeled"]')).toBeNull();
    expect(rows[1].querySelector('[data-testid="case-unlabeled"]')?.textContent).toContain(
      'unlabeled',
    );
    expect(
      Array.from(rows[1].querySelectorAll('[data-testid="case-label-volume"]')).map((e) =>
        e.textContent!.trim(),
      ),
    ).toEqual(['–', '–']);
  });

  it('emits the case whose open button is pressed', () => {
    const root = render([caseDto(0), caseDto(1)]);
    const opened: CaseDto[] = [];
    fixture.componentInstance.open.subscribe((c) => opened.push(c));
    root.querySelectorAll<HTMLButtonElement>('[data-testid="case-open"]')[1].click();
    expect(opened.map((c) => c.index)).toEqual([1]);
    expect(root.querySelectorAll('[data-testid="case-open"]')[1].getAttribute('aria-label')).toBe(
      'Open case BRATS_002',
    );
  });

  it('says when the list holds only the first cases of many', () => {
    expect(render([caseDto(0)], 1500).textContent).toContain(
      'The first 1 of 1,500 cases are listed.',
    );
  });

  it('formats spacing and millilitres for people', () => {
    expect(formatSpacing([2.5, 0.8125, 0.8125])).toBe('2.5 × 0.81 × 0.81');
    expect(formatSpacing([])).toBe('–');
    expect(formatMl(12.3456)).toBe('12.35 mL');
    expect(formatMl(0.0123)).toBe('0.0123 mL');
    expect(formatMl(undefined)).toBe('–');
  });
});
