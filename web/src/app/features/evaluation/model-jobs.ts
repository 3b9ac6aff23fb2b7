import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { OwnerFilterSelect } from '../../shared/ownership/owner-filter-select';
import { type Owner, foreignOwnerNote } from '../../shared/ownership/ownership.model';
import { isActive, jobChip, jobPercent, jobProgressText } from '../../shared/jobs/job.model';
import { StatusChip } from '../../shared/status-chip';
import { EvaluationService } from './evaluation.service';

/** While one of the model's jobs runs, its lists are asked again this often. */
export const MODEL_JOBS_POLL_MS = 3_000;

/** The evaluations and batch inferences of one model, newest first, each linking to its page. */
@Component({
  selector: 'app-model-jobs',
  imports: [DatePipe, DecimalPipe, MatProgressBar, OwnerFilterSelect, RouterLink, StatusChip],
  template: `
    @if (evaluations.modelJobsError(); as error) {
      @if (error.status !== 404) {
        <p class="error" role="alert">
          Could not load the evaluations and batches: {{ error.message }}
        </p>
      }
    }
    <div class="jobs-head">
      <app-owner-filter-select
        testId="model-jobs-owner"
        [value]="evaluations.modelJobsOwner()"
        (valueChange)="evaluations.setModelJobsOwner($event)"
      />
    </div>
    <section class="jobs">
      <div class="card">
        <h2>Evaluations</h2>
        <ul class="job-list" data-testid="model-evaluations">
          @for (e of modelEvaluations(); track e.id) {
            <li>
              <a
                class="job-link"
                [routerLink]="['/evaluations', e.id]"
                data-testid="model-evaluation-link"
              >
                <span class="job-title"
                  >{{ e.datasetName }} ·
                  {{ e.subset === 'validation' ? 'validation' : 'all pairs'
                  }}{{ e.testTimeMirroring ? ' · mirrored' : '' }}</span
                >
                <app-status-chip
                  [view]="jobChip(e.state, e.queuePosition)"
                  data-testid="job-state"
                  [attr.data-state]="e.state"
                />
              </a>
              @if (isActive(e.state)) {
                <mat-progress-bar
                  [mode]="e.progress?.total ? 'determinate' : 'indeterminate'"
                  [value]="jobPercent(e.progress)"
                  aria-label="Evaluation progress"
                />
                <span class="muted">{{ jobProgressText(e.progress, e.state) }}</span>
              } @else {
                <span class="muted">
                  @if (e.state === 'completed') {
                    Dice
                    {{
                      e.aggregate?.dice?.mean == null
                        ? '–'
                        : (e.aggregate!.dice.mean | number: '1.3-3')
                    }}
                    · HD95
                    {{
                      e.aggregate?.hausdorff95?.mean == null
                        ? '–'
                        : (e.aggregate!.hausdorff95.mean | number: '1.1-1')
                    }}
                    px · {{ e.imageCount }} images ·
                  }
                  {{ e.createdAt | date: 'medium' }}{{ ownerNote(e.owner) }}
                </span>
              }
            </li>
          } @empty {
            <li class="muted">
              {{
                evaluations.modelEvaluations() === null
                  ? 'Loading…'
                  : 'Not evaluated yet. Evaluate scores every pair against its mask.'
              }}
            </li>
          }
        </ul>
      </div>
      <div class="card">
        <h2>Batch inference</h2>
        <ul class="job-list" data-testid="model-batches">
          @for (b of modelBatches(); track b.id) {
            <li>
              <a class="job-link" [routerLink]="['/batches', b.id]" data-testid="model-batch-link">
                <span class="job-title">{{ b.inputName }}</span>
                <app-status-chip
                  [view]="jobChip(b.state, b.queuePosition)"
                  data-testid="job-state"
                  [attr.data-state]="b.state"
                />
              </a>
              @if (isActive(b.state)) {
                <mat-progress-bar
                  [mode]="b.progress?.total ? 'determinate' : 'indeterminate'"
                  [value]="jobPercent(b.progress)"
                  aria-label="Batch progress"
                />
                <span class="muted">{{ jobProgressText(b.progress, b.state) }}</span>
              } @else {
                <span class="muted">
                  @if (b.state === 'completed') {
                    {{ b.imageCount }} images{{
                      b.failedCount ? ', ' + b.failedCount + ' failed' : ''
                    }}
                    ·
                  }
                  {{ b.createdAt | date: 'medium' }}{{ ownerNote(b.owner) }}
                </span>
              }
            </li>
          } @empty {
            <li class="muted">
              {{
                evaluations.modelBatches() === null
                  ? 'Loading…'
                  : 'No batch yet. Segment a ZIP of images or a whole dataset at once.'
              }}
            </li>
          }
        </ul>
      </div>
    </section>
  `,
  styles: `
    .jobs-head {
      display: flex;
      justify-content: flex-end;
      margin-bottom: 8px;
    }
    .jobs {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
      gap: 16px;
    }
    .card {
      padding: 16px;
      min-width: 0;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    h2 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .job-list {
      display: flex;
      flex-direction: column;
      margin: 0;
      padding: 0;
      list-style: none;
      li {
        display: flex;
        flex-direction: column;
        gap: 4px;
        padding: 8px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      li:last-child {
        border-bottom: none;
      }
    }
    .job-link {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      color: var(--mat-sys-primary);
      text-decoration: none;
      font: var(--mat-sys-title-small);
      &:hover .job-title {
        text-decoration: underline;
      }
    }
    .muted {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      font-variant-numeric: tabular-nums;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class ModelJobs {
  readonly modelId = input.required<string>();

  protected readonly evaluations = inject(EvaluationService);
  private readonly auth = inject(AuthService);
  protected readonly isActive = isActive;
  protected readonly jobChip = jobChip;
  protected readonly jobPercent = jobPercent;
  protected readonly jobProgressText = jobProgressText;
  /** ` · Ada Lovelace` on someone else's job. */
  protected readonly ownerNote = (owner: Owner | null) => foreignOwnerNote(owner, this.auth.meId());

  protected readonly modelEvaluations = computed(() =>
    this.evaluations.modelJobsId() === this.modelId()
      ? (this.evaluations.modelEvaluations() ?? [])
      : [],
  );
  protected readonly modelBatches = computed(() =>
    this.evaluations.modelJobsId() === this.modelId()
      ? (this.evaluations.modelBatches() ?? [])
      : [],
  );

  constructor() {
    effect(() => {
      const id = this.modelId();
      untracked(() => this.evaluations.loadModelJobs(id));
    });
    // Runs after every answer (each is a new array), so polls never overlap.
    effect((onCleanup) => {
      const running = [...this.modelEvaluations(), ...this.modelBatches()].some((j) =>
        isActive(j.state),
      );
      if (!running) return;
      const timer = setTimeout(
        () => this.evaluations.loadModelJobs(this.modelId(), { quiet: true }),
        MODEL_JOBS_POLL_MS,
      );
      onCleanup(() => clearTimeout(timer));
    });
  }
}
