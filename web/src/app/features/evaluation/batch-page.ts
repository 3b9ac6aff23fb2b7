import { DecimalPipe } from '@angular/common';
import { Component, computed, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { formatBytes, formatDuration } from '../../shared/format';
import { JobPageHeader } from '../../shared/jobs/job-page-parts';
import { LoadState } from '../../shared/load-state';
import { JobPage } from '../../shared/jobs/job-page';
import { AggregateTable } from './aggregate-table';
import { EvaluationService, batchFileUrl } from './evaluation.service';

/** One batch-inference job: live progress, then its downloads, metrics and failures. */
@Component({
  selector: 'app-batch-page',
  imports: [AggregateTable, DecimalPipe, JobPageHeader, LoadState, MatButton, MatIcon],
  templateUrl: './batch-page.html',
  styleUrl: './batch-page.scss',
})
export class BatchPage {
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly evaluations = inject(EvaluationService);
  private readonly page = new JobPage({
    id: this.id,
    stream: this.evaluations.batch,
    title: (batch) => `Batch ${batch.inputName} · MedSeg`,
    actions: {
      noun: 'batch',
      deleteMessage: 'Its masks, CSV and report are removed. This cannot be undone.',
      cancel: (id) => this.evaluations.cancelBatch(id),
      delete: (id) => this.evaluations.deleteBatch(id),
    },
  });
  protected readonly batch = this.page.job;
  protected readonly cancelling = this.page.cancelling;
  protected readonly deleting = this.page.deleting;
  protected readonly masksUrl = computed(() => batchFileUrl(this.id(), 'masks'));
  protected readonly csvUrl = computed(() => batchFileUrl(this.id(), 'results.csv'));
  protected readonly reportUrl = computed(() => batchFileUrl(this.id(), 'report'));
  protected readonly formatBytes = formatBytes;
  protected readonly formatDuration = formatDuration;

  protected retry(): void {
    this.page.retry();
  }

  protected cancel(): Promise<void> {
    return this.page.cancel();
  }

  protected confirmDelete(): Promise<void> {
    return this.page.confirmDelete();
  }
}
