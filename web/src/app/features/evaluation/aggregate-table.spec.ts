import { TestBed } from '@angular/core/testing';
import { aggregateDto, stat } from '../../testing/evaluation-fixtures';
import { AggregateTable } from './aggregate-table';
import { ClassMetricsTable } from './class-metrics-table';

function cells(root: HTMLElement): string[][] {
  return Array.from(root.querySelectorAll('tbody tr') as NodeListOf<Element>).map((tr) =>
    Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.replace(/\s+/g, ' ').trim()),
  );
}

const perClass = [1, 2].map((classIndex) => ({
  classIndex,
  labelValue: classIndex * 100,
  name: classIndex === 1 ? 'liver' : '',
  dice: stat(classIndex === 1 ? 0.8 : null, classIndex === 1 ? 10 : 0),
  iou: stat(0.7),
  hausdorff95: stat(3),
  surfaceDistance: stat(1),
  nsd: stat(0.9),
}));

describe('AggregateTable', () => {
  function render(aggregate = aggregateDto()): string[][] {
    const fixture = TestBed.createComponent(AggregateTable);
    fixture.componentRef.setInput('aggregate', aggregate);
    fixture.detectChanges();
    return cells(fixture.nativeElement);
  }

  it('shows mean, median, std, quartiles and n of each metric, distances with their unit', () => {
    expect(render()).toEqual([
      ['Dice', '0.910', '0.910', '0.050', '0.860–0.960', '10'],
      ['IoU', '0.840', '0.840', '0.050', '0.790–0.890', '10'],
      ['HD95 (px)', '2.50', '2.50', '0.05', '2.45–2.55', '10'],
      ['ASD (px)', '0.60', '0.60', '0.05', '0.55–0.65', '10'],
      ['NSD @ 1 px', '0.800', '0.800', '0.050', '0.750–0.850', '10'],
    ]);
    expect(render(aggregateDto({ distanceUnit: 'mm', surfaceTolerance: 2 }))[2][0]).toBe(
      'HD95 (mm)',
    );
  });

  it('adds a row per class by label name when there are several, and dashes for undefined values', () => {
    const rows = render(aggregateDto({ perClass }));
    expect(rows.length).toBe(15);
    expect(rows.slice(0, 3)).toEqual([
      ['Dice', '0.910', '0.910', '0.050', '0.860–0.960', '10'],
      ['liver label 100', '0.800', '0.800', '0.050', '0.750–0.850', '10'],
      ['label 200 class 2', '–', '–', '–', '–', '0'],
    ]);
  });
});

describe('ClassMetricsTable', () => {
  it('has one row per class named by its label, each metric with its median, quartiles and n', () => {
    const fixture = TestBed.createComponent(ClassMetricsTable);
    fixture.componentRef.setInput(
      'aggregate',
      aggregateDto({ perClass, distanceUnit: 'mm', surfaceTolerance: 2 }),
    );
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const headers = Array.from(el.querySelectorAll('th')).map((th) => th.textContent!.trim());
    expect(headers).toEqual(['Class', 'Dice', 'IoU', 'HD95 (mm)', 'ASD (mm)', 'NSD @ 2 mm']);
    const rows = cells(el);
    expect(rows[0][0]).toBe('liver label 100');
    expect(rows[0][1]).toBe('0.800 median 0.800 · 0.750–0.850 · n 10');
    expect(rows[0][3]).toBe('3.00 median 3.00 · 2.95–3.05 · n 10');
    expect(rows[1][0]).toBe('label 200');
    expect(rows[1][1]).toBe('–');
  });
});
