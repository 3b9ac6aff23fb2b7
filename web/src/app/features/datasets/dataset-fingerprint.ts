import { DecimalPipe, PercentPipe } from '@angular/common';
import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { labelName } from '../../shared/label-names';
import { formatSpacing } from './dataset-cases';
import { type FingerprintDto, type LabelNameDto } from './dataset.model';

/** Per axis `min–max` (one number where they agree): `2.5–3 × 0.75–0.8 × 0.8`. */
export function formatSpacingRange(min: readonly number[], max: readonly number[]): string {
  if (!min.length || min.length !== max.length) return '–';
  const round = (mm: number) => Number(mm.toFixed(2));
  return min
    .map((lo, axis) =>
      round(lo) === round(max[axis]) ? `${round(lo)}` : `${round(lo)}–${round(max[axis])}`,
    )
    .join(' × ');
}

/**
 * nnU-Net's dataset fingerprint: median shape and spacing, the spacing range, intensity
 * percentiles per channel (by channel name) and the share of voxels of each class (by label name).
 */
@Component({
  selector: 'app-dataset-fingerprint',
  imports: [DecimalPipe, MatIcon, PercentPipe],
  template: `
    <section
      class="panel fingerprint"
      aria-label="Dataset fingerprint"
      data-testid="dataset-fingerprint"
    >
      <div class="panel-title">
        <mat-icon aria-hidden="true">fingerprint</mat-icon>
        <span>Fingerprint</span>
        <span class="muted"
          >over {{ fingerprint().caseCount }} case{{
            fingerprint().caseCount === 1 ? '' : 's'
          }}</span
        >
      </div>
      <dl class="geometry">
        <dt>Median shape</dt>
        <dd data-testid="fingerprint-shape">{{ shape() }} <span class="muted">voxels</span></dd>
        <dt>Median spacing</dt>
        <dd data-testid="fingerprint-spacing">
          {{ formatSpacing(fingerprint().medianSpacing) }} <span class="muted">mm</span>
        </dd>
        <dt>Spacing range</dt>
        <dd data-testid="fingerprint-spacing-range">{{ range() }} <span class="muted">mm</span></dd>
      </dl>
      @if (fingerprint().intensities.length > 0) {
        <table class="intensities" data-testid="fingerprint-intensities">
          <thead>
            <tr>
              <th>Channel</th>
              <th class="num">0.5 %</th>
              <th class="num">Median</th>
              <th class="num">99.5 %</th>
              <th class="num">Mean ± std</th>
              <th class="num">Min – max</th>
            </tr>
          </thead>
          <tbody>
            @for (row of fingerprint().intensities; track row.channel) {
              <tr data-testid="fingerprint-channel">
                <td>{{ channelName(row.channel) }}</td>
                <td class="num">{{ row.p005 | number: '1.0-2' }}</td>
                <td class="num">{{ row.p50 | number: '1.0-2' }}</td>
                <td class="num">{{ row.p995 | number: '1.0-2' }}</td>
                <td class="num">
                  {{ row.mean | number: '1.0-2' }} ± {{ row.std | number: '1.0-2' }}
                </td>
                <td class="num">
                  {{ row.min | number: '1.0-2' }} – {{ row.max | number: '1.0-2' }}
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      @if (classes().length > 0) {
        <div class="classes" data-testid="fingerprint-classes">
          <span class="stat-label">Class voxel fractions</span>
          <ul>
            @for (c of classes(); track c.value) {
              <li data-testid="fingerprint-class" [attr.data-value]="c.value">
                <span class="class-name">{{ c.name }}</span>
                <span class="bar" aria-hidden="true"
                  ><span [style.width.%]="c.fraction * 100"></span
                ></span>
                <span class="num">{{ c.fraction | percent: '1.1-2' }}</span>
              </li>
            }
          </ul>
        </div>
      }
    </section>
  `,
  styles: `
    @use '../../shared/data-table';
    @use '../../shared/panel';
    @use '../../shared/stats';

    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }

    .geometry {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 0;
      dt {
        font: var(--mat-sys-label-large);
        color: var(--mat-sys-on-surface-variant);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
    }
    .intensities {
      @include data-table.ruled(4px 8px);
      @include data-table.label-headers;
      font-variant-numeric: tabular-nums;
    }
    // After the ruled table's own text-align, which is more specific than a bare class.
    .intensities .num,
    .classes .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .classes ul {
      list-style: none;
      margin: 4px 0 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    .classes li {
      display: grid;
      grid-template-columns: minmax(80px, max-content) minmax(80px, 240px) 64px;
      align-items: center;
      gap: 12px;
    }
    .bar {
      height: 8px;
      border-radius: 4px;
      background: var(--mat-sys-surface-container-high);
      overflow: hidden;
      span {
        display: block;
        height: 100%;
        background: var(--mat-sys-primary);
      }
    }
  `,
})
export class DatasetFingerprint {
  readonly fingerprint = input.required<FingerprintDto>();
  readonly labels = input<readonly LabelNameDto[]>([]);
  protected readonly formatSpacing = formatSpacing;

  protected readonly shape = computed(
    () =>
      this.fingerprint()
        .medianShape.map((n) => Math.round(n))
        .join(' × ') || '–',
  );
  protected readonly range = computed(() =>
    formatSpacingRange(this.fingerprint().minSpacing, this.fingerprint().maxSpacing),
  );
  protected readonly classes = computed(() =>
    this.fingerprint().classFractions.map((c) => ({
      value: c.value,
      fraction: c.fraction,
      name: labelName(this.labels(), c.value),
    })),
  );

  protected channelName(channel: number): string {
    return this.fingerprint().channelNames[channel] || `channel ${channel}`;
  }
}
