import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';

/**
 * How a status reads at a glance. `active` spins (work is under way); the others show an icon:
 * `ok` done and fine, `warn` done with something to look at, `error` broken, `waiting` in a
 * queue, `muted` stopped on purpose.
 */
export type ChipTone = 'ok' | 'warn' | 'error' | 'active' | 'waiting' | 'muted';

/** What a status chip shows; each feature maps its own resource to one of these. */
export interface ChipView {
  tone: ChipTone;
  label: string;
  /** Smaller text after the label, e.g. `decoding 120/181`. */
  detail?: string;
  /** An icon other than the tone's, e.g. a lock for private; `active` always spins. */
  icon?: string;
}

const ICONS: Record<Exclude<ChipTone, 'active'>, string> = {
  ok: 'check_circle',
  warn: 'warning',
  error: 'error',
  waiting: 'hourglass_top',
  muted: 'block',
};

/** The status of a dataset, model or job as a small coloured chip: one look for every resource. */
@Component({
  selector: 'app-status-chip',
  imports: [MatIcon, MatProgressSpinner],
  template: `
    <span class="status-chip" [class]="'tone-' + view().tone">
      @if (view().tone === 'active') {
        <mat-progress-spinner
          mode="indeterminate"
          diameter="14"
          strokeWidth="2"
          aria-hidden="true"
        />
      } @else {
        <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
      }
      <span class="label">{{ view().label }}</span>
      @if (view().detail; as detail) {
        <span class="detail">{{ detail }}</span>
      }
    </span>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .status-chip {
      --chip-color: var(--mat-sys-outline);
      display: inline-flex;
      align-items: center;
      gap: 6px;
      height: 28px;
      padding: 0 10px;
      border-radius: 8px;
      border: 1px solid var(--chip-color);
      font: var(--mat-sys-label-large);
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-lowest);
    }
    .tone-ok {
      --chip-color: var(--medseg-status-up);
    }
    .tone-warn {
      --chip-color: var(--medseg-status-warn, #b26a00);
    }
    .tone-error {
      --chip-color: var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .tone-active,
    .tone-waiting {
      --chip-color: var(--mat-sys-primary);
    }
    .tone-muted {
      color: var(--mat-sys-on-surface-variant);
    }
    mat-icon {
      width: 16px;
      height: 16px;
      font-size: 16px;
      color: var(--chip-color);
    }
    .detail {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class StatusChip {
  readonly view = input.required<ChipView>();

  protected readonly icon = computed(() => {
    const { tone, icon } = this.view();
    return tone === 'active' ? '' : (icon ?? ICONS[tone]);
  });
}
