import { DecimalPipe } from '@angular/common';
import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { formatBytes } from '../../shared/format';
import { labelName } from '../../shared/label-names';
import { type DatasetDto, type DatasetStatsDto, type LabelNameDto } from './dataset.model';

/** How many rows a list card shows before summing up the rest as "+N more". */
const LIST_LIMIT = 4;

interface Tally {
  label: string;
  count: number;
}

function topOf(rows: Tally[]): { shown: Tally[]; more: number } {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  return { shown: sorted.slice(0, LIST_LIMIT), more: Math.max(0, sorted.length - LIST_LIMIT) };
}

/** Cards that sum up what inspection found in a dataset. */
@Component({
  selector: 'app-dataset-stats',
  imports: [DecimalPipe, MatIcon],
  template: `
    <section class="stats" aria-label="Dataset statistics" data-testid="dataset-stats">
      <div class="stat" data-testid="stat-pairs">
        <span class="stat-label"><mat-icon aria-hidden="true">photo_library</mat-icon>Pairs</span>
        <span class="stat-value">{{ stats().pairCount | number }}</span>
        <span class="stat-sub">
          @if (stats().volumeCount > 0) {
            from {{ stats().volumeCount | number }} volume{{ stats().volumeCount === 1 ? '' : 's' }}
          } @else {
            2D images with masks
          }
        </span>
      </div>
      <div class="stat" data-testid="stat-channels">
        <span class="stat-label"><mat-icon aria-hidden="true">layers</mat-icon>Channels</span>
        <span class="stat-value">{{ stats().channels }}</span>
        <span class="stat-sub">per image</span>
      </div>
      <div class="stat" data-testid="stat-classes">
        <span class="stat-label"><mat-icon aria-hidden="true">category</mat-icon>Classes</span>
        <span class="stat-value">{{ stats().classCount }}</span>
        <span class="labels">
          @for (value of stats().labelValues; track value) {
            <span class="label-value" data-testid="stat-label" [title]="'label value ' + value">{{
              name(value)
            }}</span>
          } @empty {
            <span class="stat-sub">no labels found</span>
          }
        </span>
      </div>
      <div class="stat" data-testid="stat-archive">
        <span class="stat-label"><mat-icon aria-hidden="true">folder_zip</mat-icon>Archive</span>
        <span class="stat-value">{{ formatBytes(dataset().archiveBytes) }}</span>
        <span class="stat-sub">
          {{ stats().entryCount | number }} entries ·
          {{ formatBytes(stats().uncompressedBytes) }} unpacked ·
          {{ formatBytes(stats().normalizedBytes) }} normalized
        </span>
      </div>
      @for (card of lists(); track card.key) {
        <div class="stat" [attr.data-testid]="'stat-' + card.key">
          <span class="stat-label"
            ><mat-icon aria-hidden="true">{{ card.icon }}</mat-icon
            >{{ card.title }}</span
          >
          <ul class="tally">
            @for (row of card.rows.shown; track row.label) {
              <li>
                <span>{{ row.label }}</span><span class="count">{{ row.count | number }}</span>
              </li>
            } @empty {
              <li class="stat-sub">none</li>
            }
          </ul>
          @if (card.rows.more > 0) {
            <span class="stat-sub">+{{ card.rows.more }} more</span>
          }
        </div>
      }
    </section>
  `,
  styles: `
    @use '../../shared/stats';

    .stats {
      grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
    }
    .stat {
      gap: 4px;
      padding: 16px;
      min-width: 0;
    }
    .stat-label {
      display: flex;
      align-items: center;
      gap: 6px;
      mat-icon {
        width: 18px;
        height: 18px;
        font-size: 18px;
      }
    }
    .labels {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .label-value {
      min-width: 20px;
      padding: 0 6px;
      border-radius: 6px;
      text-align: center;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .tally {
      list-style: none;
      margin: 4px 0 0;
      padding: 0;
      li {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        font: var(--mat-sys-body-medium);
      }
    }
    .count {
      font-variant-numeric: tabular-nums;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DatasetStats {
  readonly stats = input.required<DatasetStatsDto>();
  readonly dataset = input.required<Pick<DatasetDto, 'archiveBytes' | 'fileCount'>>();
  /** The dataset's label names; values without one show as their number. */
  readonly labels = input<readonly LabelNameDto[]>([]);
  protected readonly formatBytes = formatBytes;

  private readonly named = computed(() => this.labels().some((l) => l.name.trim() !== ''));

  /** With label names every chip is named ("label 2" for one the dataset leaves out); without, the values as before. */
  protected name(value: number): string {
    return this.named() ? labelName(this.labels(), value) : `${value}`;
  }

  protected readonly lists = computed(() => {
    const stats = this.stats();
    return [
      {
        key: 'sizes',
        title: 'Image sizes',
        icon: 'aspect_ratio',
        rows: topOf(
          stats.sizes.map((s) => ({ label: `${s.width} × ${s.height}`, count: s.count })),
        ),
      },
      {
        key: 'formats',
        title: 'Formats',
        icon: 'description',
        rows: topOf(stats.formats.map((f) => ({ label: f.name, count: f.count }))),
      },
      {
        key: 'modalities',
        title: 'Modalities',
        icon: 'radiology',
        rows: topOf(stats.modalities.map((m) => ({ label: m.name || 'unknown', count: m.count }))),
      },
    ];
  });
}
