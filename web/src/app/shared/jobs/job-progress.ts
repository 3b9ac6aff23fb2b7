import { Component, computed, input, output } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { DangerButton } from '../danger-button';
import {
  type JobProgress,
  type JobState,
  type LiveState,
  jobPercent,
  jobProgressText,
} from './job.model';

/** Progress panel of a queued or running job: bar, images done, rate, ETA and Cancel. */
@Component({
  selector: 'app-job-progress',
  imports: [DangerButton, MatIcon, MatProgressBar],
  template: `
    <section class="panel" data-testid="job-progress" [attr.data-state]="state()">
      <div class="head">
        <mat-icon aria-hidden="true">{{
          state() === 'queued' ? 'hourglass_top' : 'speed'
        }}</mat-icon>
        <span class="text" data-testid="job-progress-text">{{ text() }}</span>
        @if (state() === 'queued' && queuePosition() > 0) {
          <span class="muted">#{{ queuePosition() }}</span>
        }
        <span class="spacer"></span>
        @if (cancellable()) {
          <app-danger-button
            testId="job-cancel"
            icon="stop_circle"
            [disabled]="cancelling()"
            (pressed)="cancel.emit()"
            >Cancel</app-danger-button
          >
        }
      </div>
      <mat-progress-bar
        [mode]="determinate() ? 'determinate' : 'indeterminate'"
        [value]="percent()"
        [attr.aria-label]="label()"
      />
      @if (live() === 'lost') {
        <span class="muted" data-testid="live-lost"
          >Live updates are not available; trying again every few seconds.</span
        >
      } @else if (state() === 'queued') {
        <span class="muted"
          >One evaluation or batch runs at a time; this one starts when those ahead finish.</span
        >
      }
    </section>
  `,
  styles: `
    @use '../panel';

    .head {
      display: flex;
      align-items: center;
      gap: 8px;
      font: var(--mat-sys-title-medium);
      mat-icon {
        color: var(--mat-sys-primary);
      }
    }
    .text {
      font-variant-numeric: tabular-nums;
    }
    .spacer {
      flex: 1;
    }
    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class JobProgressPanel {
  readonly state = input.required<JobState>();
  readonly progress = input<JobProgress | null>(null);
  readonly queuePosition = input(0);
  readonly live = input<LiveState>('closed');
  readonly cancelling = input(false);
  readonly cancellable = input(true);
  readonly label = input('Progress');
  readonly cancel = output<void>();

  protected readonly text = computed(() => jobProgressText(this.progress(), this.state()));
  protected readonly determinate = computed(() => {
    const p = this.progress();
    return this.state() === 'running' && !!p && p.total > 0;
  });
  protected readonly percent = computed(() => jobPercent(this.progress()));
}
