import { DatePipe } from '@angular/common';
import { Component, computed, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { DangerButton } from '../danger-button';
import { OwnerName } from '../ownership/owner-name';
import { type Owner } from '../ownership/ownership.model';
import { PageHeader } from '../page-header';
import { StatusChip } from '../status-chip';
import { type JobProgress, type JobState, type LiveState, isActive, jobChip } from './job.model';
import { JobProgressPanel } from './job-progress';

/** What the pieces of an evaluation or batch page need to know of the job. */
export interface JobPageJob {
  modelId: string;
  modelName: string;
  state: JobState;
  queuePosition: number;
  createdAt: string;
  progress: JobProgress | null;
  error: string | null;
  owner: Owner | null;
  canChange: boolean;
}

/** Why a failed or cancelled job ended; nothing for any other state. */
@Component({
  selector: 'app-job-ended',
  imports: [MatIcon],
  template: `
    @if (state() === 'failed' || state() === 'cancelled') {
      <section
        class="panel"
        [class.errors]="state() === 'failed'"
        role="alert"
        [attr.data-testid]="noun() + '-error'"
      >
        <mat-icon aria-hidden="true">{{ state() === 'failed' ? 'error' : 'block' }}</mat-icon>
        <span>
          @if (state() === 'cancelled') {
            {{ cancelledText() }}
          } @else {
            {{ error() || 'The ' + noun() + ' ended without saying why.' }}
          }
        </span>
      </section>
    }
  `,
  styles: `
    // Lays out as a direct child of the page's flex column.
    :host {
      display: contents;
    }
    .panel {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface-container);

      &.errors {
        border-color: var(--mat-sys-error);
        background: var(--mat-sys-error-container);
        color: var(--mat-sys-on-error-container);
      }
    }
  `,
})
export class JobEnded {
  readonly state = input.required<JobState>();
  readonly error = input<string | null | undefined>(null);
  readonly noun = input.required<string>();
  /** What a cancel left behind, e.g. "The batch was cancelled; no masks were written." */
  readonly cancelledText = input.required<string>();
}

/**
 * Top of an evaluation or batch page: back link to the job's model, title row with the state chip
 * and Delete (once the job has ended; extra actions go in as content), then the progress panel
 * while it runs or why it ended. Test ids are `<noun>-delete` and `<noun>-error`, as the e2e tests
 * expect.
 */
@Component({
  selector: 'app-job-page-header',
  imports: [
    DangerButton,
    DatePipe,
    JobEnded,
    JobProgressPanel,
    MatButton,
    MatIcon,
    OwnerName,
    PageHeader,
    RouterLink,
    StatusChip,
  ],
  template: `
    <a matButton [routerLink]="['/training', job().modelId]" class="back">
      <mat-icon>arrow_back</mat-icon>
      {{ job().modelName }}
    </a>

    <app-page-header
      [icon]="icon()"
      [title]="title()"
      [subtitle]="subtitle() + ' · started ' + (job().createdAt | date: 'medium')"
    >
      <div class="header-actions">
        <app-status-chip [view]="chip()" data-testid="job-state" [attr.data-state]="job().state" />
        <ng-content />
        @if (!active() && mayChange()) {
          <app-danger-button
            [testId]="noun() + '-delete'"
            [disabled]="deleting()"
            (pressed)="delete.emit()"
            >Delete</app-danger-button
          >
        }
      </div>
    </app-page-header>
    <p class="owner-line" data-testid="job-owner">
      <span class="muted">Started by</span> <app-owner-name [owner]="job().owner" />
    </p>

    @if (active()) {
      <app-job-progress
        [state]="job().state"
        [progress]="job().progress"
        [queuePosition]="job().queuePosition"
        [live]="live()"
        [cancelling]="cancelling()"
        [cancellable]="mayChange()"
        [label]="progressLabel()"
        (cancel)="cancel.emit()"
      />
    }

    <app-job-ended
      [state]="job().state"
      [error]="job().error"
      [noun]="noun()"
      [cancelledText]="cancelledText()"
    />
  `,
  styleUrl: './job-page-parts.scss',
})
export class JobPageHeader {
  readonly job = input.required<JobPageJob>();
  readonly noun = input.required<string>();
  readonly icon = input.required<string>();
  readonly title = input.required<string>();
  /** What ran on what; " · started <date>" is appended. */
  readonly subtitle = input.required<string>();
  readonly deleting = input(false);
  readonly live = input<LiveState>('closed');
  readonly cancelling = input(false);
  /** Accessible name of the progress bar, e.g. "Batch progress". */
  readonly progressLabel = input.required<string>();
  /** What a cancel left behind, e.g. "The batch was cancelled; no masks were written." */
  readonly cancelledText = input.required<string>();
  readonly delete = output();
  readonly cancel = output();

  private readonly auth = inject(AuthService);
  protected readonly active = computed(() => isActive(this.job().state));
  /** Cancel and Delete are for its owner and admins (researchers at least); others only look. */
  protected readonly mayChange = computed(() => this.auth.can('changeJob', this.job()));
  protected readonly chip = computed(() => jobChip(this.job().state, this.job().queuePosition));
}
