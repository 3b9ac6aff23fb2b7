import { TestBed } from '@angular/core/testing';
import { aggregateDto, stat } from '../../testing/evaluation-fixtures';
import { AggregateTable } from './aggregate-table';

describe('AggregateTable', () => {
  function render(aggregate = aggregateDto()): string[][] {
    const fixture = TestBed.createComponent(AggregateTable);
    fixture.componentRef.setInput('aggregate', aggregate);
    fixture.detectChanges();
    return Array.from(
      fixture.nativeElement.querySelectorAll('tbody tr') as NodeListOf<Element>,
    ).map((tr) =>
      Array.from(tr.querySelectorAll('td')).map((td) =>
        td.textContent!.replace(/\s+/g, ' ').trim(),
      ),
    );
  }

  it('shows mean, median, std and n of each metric, without per-class rows for one class', () => {
    expect(render()).toEqual([
      ['Dice', '0.910', '0.910', '0.050', '10'],
      ['IoU', '0.840', '0.840', '0.050', '10'],
      ['HD95 (px)', '2.50', '2.50', '0.05', '10'],
      ['ASD (px)', '0.60', '0.60', '0.05', '10'],
    ]);
  });

  it('adds a row per foreground class when there are several, and dashes for undefined values', () => {
    const perClass = [1, 2].map((classIndex) => ({
      classIndex,
      labelValue: classIndex * 100,
      dice: stat(classIndex === 1 ? 0.8 : null, classIndex === 1 ? 10 : 0),
      iou: stat(0.7),
      hausdorff95: stat(3),
      surfaceDistance: stat(1),
    }));
    const rows = render(aggregateDto({ perClass }));
    expect(rows.length).toBe(12);
    expect(rows.slice(0, 3)).toEqual([
      ['Dice', '0.910', '0.910', '0.050', '10'],
      ['Class 1 label 100', '0.800', '0.800', '0.050', '10'],
      ['Class 2 label 200', '–', '–', '–', '0'],
    ]);
  });
});
