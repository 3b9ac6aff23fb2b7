import { DecimalPipe } from '@angular/common';
import { Component, computed, input } from '@angular/core';
import { labelName } from '../../shared/label-names';
import { type Aggregate, METRICS, type Stat, metricLabel } from './evaluation.model';

interface Row {
  key: string;
  label: string;
  /** Set on per-class rows. */
  classLabel: string | null;
  stat: Stat;
  digits: string;
}

/**
 * Mean, median, std, quartiles and n of Dice, IoU, HD95, ASD and NSD over the items (volumes or
 * images); per class too, by label name, when there are several classes.
 */
@Component({
  selector: 'app-aggregate-table',
  imports: [DecimalPipe],
  template: `
    <table class="aggregate" data-testid="aggregate-table">
      <thead>
        <tr>
          <th>Metric</th>
          <th class="num">Mean</th>
          <th class="num">Median</th>
          <th class="num">Std</th>
          <th class="num">P25–P75</th>
          <th class="num">n</th>
        </tr>
      </thead>
      <tbody>
        @for (row of rows(); track row.key) {
          <tr [class.class-row]="row.classLabel !== null" [attr.data-metric]="row.key">
            <td>
              {{ row.label }}
              @if (row.classLabel !== null) {
                <span class="muted">{{ row.classLabel }}</span>
              }
            </td>
            <td class="num strong">
              {{ row.stat.mean === null ? '–' : (row.stat.mean | number: row.digits) }}
            </td>
            <td class="num">
              {{ row.stat.median === null ? '–' : (row.stat.median | number: row.digits) }}
            </td>
            <td class="num">
              {{ row.stat.std === null ? '–' : (row.stat.std | number: row.digits) }}
            </td>
            <td class="num">
              @if (row.stat.p25 === null || row.stat.p75 === null) {
                –
              } @else {
                {{ row.stat.p25 | number: row.digits }}–{{ row.stat.p75 | number: row.digits }}
              }
            </td>
            <td class="num">{{ row.stat.count }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    @use '../../shared/data-table';

    .aggregate {
      @include data-table.ruled;
      @include data-table.label-headers;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .strong {
      font-weight: 500;
    }
    .class-row td:first-child {
      padding-left: 24px;
    }
    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AggregateTable {
  readonly aggregate = input.required<Aggregate>();

  protected readonly rows = computed((): Row[] => {
    const aggregate = this.aggregate();
    const perClass = aggregate.perClass ?? [];
    const rows: Row[] = [];
    for (const metric of METRICS) {
      rows.push({
        key: metric.key,
        label: metricLabel(metric, aggregate.distanceUnit, aggregate.surfaceTolerance),
        classLabel: null,
        stat: aggregate[metric.key],
        digits: metric.digits,
      });
      // With one foreground class its row would repeat the mean row.
      if (perClass.length > 1) {
        for (const c of perClass) {
          rows.push({
            key: `${metric.key}-${c.classIndex}`,
            label: labelName([{ value: c.labelValue, name: c.name }], c.labelValue),
            classLabel: c.name ? `label ${c.labelValue}` : `class ${c.classIndex}`,
            stat: c[metric.key],
            digits: metric.digits,
          });
        }
      }
    }
    return rows;
  });
}
