import { Component, computed, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { type JobState } from './job.model';

const LABELS: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const ICONS: Partial<Record<JobState, string>> = {
  queued: 'hourglass_top',
  completed: 'check_circle',
  failed: 'error',
  cancelled: 'block',
};

/** State of an evaluation or batch job, styled like the models' status chip. */
@Component({
  selector: 'app-job-state-chip',
  imports: [MatIcon, MatProgressSpinner],
  template: `
    <span
      class="status-chip"
      [class]="'status-' + state()"
      data-testid="job-state"
      [attr.data-state]="state()"
    >
      @if (state() === 'running') {
        <mat-progress-spinner
          mode="indeterminate"
          diameter="14"
          strokeWidth="2"
          aria-hidden="true"
        />
      } @else {
        <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
      }
      <span class="label">{{ label() }}</span>
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
    .status-completed {
      --chip-color: var(--medseg-status-up);
    }
    .status-failed {
      --chip-color: var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .status-running,
    .status-queued {
      --chip-color: var(--mat-sys-primary);
    }
    .status-cancelled {
      color: var(--mat-sys-on-surface-variant);
    }
    mat-icon {
      width: 16px;
      height: 16px;
      font-size: 16px;
      color: var(--chip-color);
    }
  `,
})
export class JobStateChip {
  readonly state = input.required<JobState>();
  readonly queuePosition = input(0);

  protected readonly icon = computed(() => ICONS[this.state()] ?? 'error');
  protected readonly label = computed(() => {
    const state = this.state();
    if (state === 'queued' && this.queuePosition() > 0) return `Queued #${this.queuePosition()}`;
    return LABELS[state];
  });
}
