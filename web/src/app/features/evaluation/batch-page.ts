import { DatePipe, DecimalPipe } from '@angular/common';
import {
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Title } from '@angular/platform-browser';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { EmptyState } from '../../shared/empty-state';
import { formatBytes, formatDuration } from '../../shared/format';
import { PageHeader } from '../../shared/page-header';
import { AggregateTable } from './aggregate-table';
import { isActive } from './evaluation.model';
import { EvaluationService, batchFileUrl } from './evaluation.service';
import { JobProgressPanel } from './job-progress';
import { JobStateChip } from './job-state-chip';

/** One batch-inference job: live progress, then its downloads, metrics and failures. */
@Component({
  selector: 'app-batch-page',
  imports: [
    AggregateTable,
    DatePipe,
    DecimalPipe,
    EmptyState,
    JobProgressPanel,
    JobStateChip,
    MatButton,
    MatIcon,
    MatProgressBar,
    PageHeader,
    RouterLink,
  ],
  templateUrl: './batch-page.html',
  styleUrl: './batch-page.scss',
})
export class BatchPage {
  /** Bound from the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly evaluations = inject(EvaluationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly title = inject(Title);

  protected readonly batch = computed(() => {
    const batch = this.evaluations.batch.value();
    return batch?.id === this.id() ? batch : null;
  });
  protected readonly active = computed(() => {
    const batch = this.batch();
    return !!batch && isActive(batch.state);
  });
  protected readonly cancelling = signal(false);
  protected readonly deleting = signal(false);
  protected readonly masksUrl = computed(() => batchFileUrl(this.id(), 'masks'));
  protected readonly csvUrl = computed(() => batchFileUrl(this.id(), 'results.csv'));
  protected readonly reportUrl = computed(() => batchFileUrl(this.id(), 'report'));
  protected readonly formatBytes = formatBytes;
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

  protected async cancel(): Promise<void> {
    this.cancelling.set(true);
    try {
      await this.evaluations.cancelBatch(this.id());
    } catch (error) {
      this.snackBar.open(`Could not cancel the batch: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    } finally {
      this.cancelling.set(false);
    }
  }
  protected async confirmDelete(): Promise<void> {
    const job = this.batch();
    if (!job) return;
    const ref = this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: 'Delete this batch?',
        message: 'Its masks, CSV and report are removed. This cannot be undone.',
        confirmLabel: 'Delete',
        destructive: true,
      },
      width: '440px',
    });
    if (!(await firstValueFrom(ref.afterClosed()))) return;
    this.deleting.set(true);
    try {
      await this.evaluations.deleteBatch(job.id);
      this.snackBar.open('Deleted the batch.', 'OK', { duration: 4000 });
      await this.router.navigate(['/training', job.modelId]);
    } catch (error) {
      this.snackBar.open(`Could not delete the batch: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    } finally {
      this.deleting.set(false);
    }
  }
}
