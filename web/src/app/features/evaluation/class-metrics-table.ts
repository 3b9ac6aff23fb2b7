import { DecimalPipe } from '@angular/common';
import { Component, computed, input } from '@angular/core';
import { labelName } from '../../shared/label-names';
import { type Aggregate, METRICS, type Stat, metricLabel } from './evaluation.model';

interface Cell {
  key: string;
  stat: Stat;
  digits: string;
}

/**
 * One row per foreground class, by label name ("label <value>" when the dataset names none), with
 * each metric's mean over the items and its spread (median, 25th–75th percentile, n) beneath.
 */
@Component({
  selector: 'app-class-metrics-table',
  imports: [DecimalPipe],
  template: `
    <table class="classes" data-testid="class-metrics-table">
      <thead>
        <tr>
          <th>Class</th>
          @for (h of headers(); track h.key) {
            <th class="num">{{ h.label }}</th>
          }
        </tr>
      </thead>
      <tbody>
        @for (row of rows(); track row.value) {
          <tr [attr.data-value]="row.value">
            <td>
              {{ row.name }} <span class="muted">{{ row.sub }}</span>
            </td>
            @for (cell of row.cells; track cell.key) {
              <td class="num" [attr.data-metric]="cell.key">
                <span class="strong">{{
                  cell.stat.mean === null ? '–' : (cell.stat.mean | number: cell.digits)
                }}</span>
                @if (cell.stat.median !== null) {
                  <span class="spread">
                    median {{ cell.stat.median | number: cell.digits }}
                    @if (cell.stat.p25 !== null && cell.stat.p75 !== null) {
                      · {{ cell.stat.p25 | number: cell.digits }}–{{
                        cell.stat.p75 | number: cell.digits
                      }}
                    }
                    · n {{ cell.stat.count }}
                  </span>
                }
              </td>
            }
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    @use '../../shared/data-table';

    .classes {
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
    .spread {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ClassMetricsTable {
  readonly aggregate = input.required<Aggregate>();

  protected readonly headers = computed(() => {
    const a = this.aggregate();
    return METRICS.map((m) => ({
      key: m.key,
      label: metricLabel(m, a.distanceUnit, a.surfaceTolerance),
    }));
  });

  protected readonly rows = computed(() =>
    (this.aggregate().perClass ?? []).map((c) => ({
      value: c.labelValue,
      name: labelName([{ value: c.labelValue, name: c.name }], c.labelValue),
      sub: c.name ? `label ${c.labelValue}` : '',
      cells: METRICS.map((m): Cell => ({ key: m.key, stat: c[m.key], digits: m.digits })),
    })),
  );
}
