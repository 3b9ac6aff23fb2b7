import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, DestroyRef, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../../shared/empty-state';
import { formatBytes, formatDuration } from '../../shared/format';
import { PageHeader } from '../../shared/page-header';
import { StatusChip } from '../../shared/status-chip';
import { JobActions } from '../../shared/jobs/job-actions';
import { isActive, jobChip } from '../../shared/jobs/job.model';
import { JobProgressPanel } from '../../shared/jobs/job-progress';
import { AggregateTable } from './aggregate-table';
import { EvaluationService, batchFileUrl } from './evaluation.service';

/** One batch-inference job: live progress, then its downloads, metrics and failures. */
@Component({
  selector: 'app-batch-page',
  imports: [
    AggregateTable,
    DatePipe,
    DecimalPipe,
    EmptyState,
    JobProgressPanel,
    MatButton,
    MatIcon,
    MatProgressBar,
    PageHeader,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './batch-page.html',
  styleUrl: './batch-page.scss',
})
export class BatchPage {
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly evaluations = inject(EvaluationService);
  private readonly title = inject(Title);

  protected readonly batch = computed(() => {
    const batch = this.evaluations.batch.value();
    return batch?.id === this.id() ? batch : null;
  });
  protected readonly active = computed(() => {
    const batch = this.batch();
    return !!batch && isActive(batch.state);
  });
  private readonly actions = new JobActions({
    noun: 'batch',
    deleteMessage: 'Its masks, CSV and report are removed. This cannot be undone.',
    cancel: (id) => this.evaluations.cancelBatch(id),
    delete: (id) => this.evaluations.deleteBatch(id),
  });
  protected readonly cancelling = this.actions.cancelling;
  protected readonly deleting = this.actions.deleting;
  protected readonly masksUrl = computed(() => batchFileUrl(this.id(), 'masks'));
  protected readonly csvUrl = computed(() => batchFileUrl(this.id(), 'results.csv'));
  protected readonly reportUrl = computed(() => batchFileUrl(this.id(), 'report'));
  protected readonly formatBytes = formatBytes;
  protected readonly jobChip = jobChip;
  protected readonly formatDuration = formatDuration;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.evaluations.batch.open(id));
    });
    inject(DestroyRef).onDestroy(() => this.evaluations.batch.close());
    effect(() => {
      const batch = this.batch();
      if (batch) this.title.setTitle(`Batch ${batch.inputName} · MedSeg`);
    });
  }

  protected retry(): void {
    this.evaluations.batch.open(this.id());
  }

  protected cancel(): Promise<void> {
    return this.actions.cancel(this.id());
  }

  protected async confirmDelete(): Promise<void> {
    const job = this.batch();
    if (job) await this.actions.confirmDelete(job);
  }
}
