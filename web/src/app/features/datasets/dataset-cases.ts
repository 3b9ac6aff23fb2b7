import { DecimalPipe } from '@angular/common';
import { Component, computed, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { labelName } from '../../shared/label-names';
import { type CaseDto, type LabelNameDto } from './dataset.model';

/** mm per (slice, row, column) as a person reads it: `2.5 × 0.8 × 0.8`. */
export function formatSpacing(spacing: readonly number[]): string {
  return spacing.length ? spacing.map((mm) => `${Number(mm.toFixed(2))}`).join(' × ') : '–';
}

/** A label volume: `4.00 mL`, `0.864 mL` below 1 mL, `–` when there is none to show. */
export function formatMl(ml: number | undefined): string {
  if (ml === undefined || !Number.isFinite(ml)) return '–';
  return `${ml >= 1 ? ml.toFixed(2) : ml.toPrecision(3)} mL`;
}

/**
 * The volumes of a dataset, one row each: shape, spacing, channels, modality and the volume of
 * every foreground label (by its name). `open` asks for a case to be shown.
 */
@Component({
  selector: 'app-dataset-cases',
  imports: [DecimalPipe, MatIcon, MatIconButton, MatTooltip],
  template: `
    <table class="cases" data-testid="dataset-cases">
      <thead>
        <tr>
          <th>Case</th>
          <th>Shape <span class="unit">slices × rows × columns</span></th>
          <th>Spacing <span class="unit">mm</span></th>
          <th class="num">Channels</th>
          <th>Modality</th>
          @for (value of labelValues(); track value) {
            <th class="num" data-testid="case-label-header">
              {{ name(value) }} <span class="unit">mL</span>
            </th>
          }
          <th><span class="cdk-visually-hidden">Open</span></th>
        </tr>
      </thead>
      <tbody>
        @for (c of cases(); track c.index) {
          <tr data-testid="case-row" [attr.data-index]="c.index" [class.unlabeled]="c.unlabeled">
            <td>
              <span class="case-name">{{ c.name }}</span>
              @if (c.unlabeled) {
                <span
                  class="chip"
                  data-testid="case-unlabeled"
                  matTooltip="No mask (imagesTs/): never trained or scored on"
                  >unlabeled</span
                >
              }
            </td>
            <td data-testid="case-shape">{{ c.depth }} × {{ c.height }} × {{ c.width }}</td>
            <td data-testid="case-spacing">{{ formatSpacing(c.spacing) }}</td>
            <td class="num">{{ c.channels }}</td>
            <td>{{ c.modality || '–' }}</td>
            @for (value of labelValues(); track value) {
              <td class="num" data-testid="case-label-volume">
                {{ c.unlabeled ? '–' : formatMl(volumeOf(c, value)) }}
              </td>
            }
            <td class="open">
              <button
                mat-icon-button
                type="button"
                data-testid="case-open"
                [attr.aria-label]="'Open case ' + c.name"
                (click)="open.emit(c)"
              >
                <mat-icon>visibility</mat-icon>
              </button>
            </td>
          </tr>
        }
      </tbody>
    </table>
    @if (total() > cases().length) {
      <p class="muted">
        The first {{ cases().length | number }} of {{ total() | number }} cases are listed.
      </p>
    }
  `,
  styles: `
    @use '../../shared/data-table';

    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }

    :host {
      display: block;
      overflow-x: auto;
    }
    .cases {
      @include data-table.ruled(4px 8px);
      @include data-table.label-headers;
      font-variant-numeric: tabular-nums;
    }
    // After the ruled table's own text-align, which is more specific than a bare class.
    .cases .num {
      text-align: right;
    }
    .unit {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .case-name {
      font-family: monospace;
    }
    .chip {
      margin-left: 8px;
      padding: 0 6px;
      border-radius: 6px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    tr.unlabeled td {
      color: var(--mat-sys-on-surface-variant);
    }
    .open {
      width: 48px;
    }
  `,
})
export class DatasetCases {
  readonly cases = input.required<readonly CaseDto[]>();
  readonly labels = input<readonly LabelNameDto[]>([]);
  /** Cases the dataset has; more than `cases` when the list was capped. */
  readonly total = input(0);
  readonly open = output<CaseDto>();

  protected readonly formatSpacing = formatSpacing;
  protected readonly formatMl = formatMl;

  /** The foreground label values found in any case, ascending. */
  protected readonly labelValues = computed(() => {
    const values = new Set<number>();
    for (const c of this.cases())
      for (const l of c.labelVoxels) if (l.value !== 0) values.add(l.value);
    return [...values].sort((a, b) => a - b);
  });

  protected name(value: number): string {
    return labelName(this.labels(), value);
  }

  protected volumeOf(c: CaseDto, value: number): number {
    return c.labelVoxels.find((l) => l.value === value)?.volumeMl ?? 0;
  }
}
