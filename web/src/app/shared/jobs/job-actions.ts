import { inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../api-error';
import { ConfirmDialog, type ConfirmDialogData } from '../confirm-dialog';

export interface JobActionsOptions {
  /** "evaluation" or "batch": used in the messages. */
  noun: string;
  /** What deleting removes, for the confirmation. */
  deleteMessage: string;
  cancel: (id: string) => Promise<unknown>;
  delete: (id: string) => Promise<unknown>;
}

/**
 * Cancel and delete of one evaluation or batch, with the busy flags the pages bind to. Create it in
 * a field initializer (it injects the dialog, snack bar and router).
 */
export class JobActions {
  readonly cancelling = signal(false);
  readonly deleting = signal(false);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);

  constructor(private readonly options: JobActionsOptions) {}

  async cancel(id: string): Promise<void> {
    this.cancelling.set(true);
    try {
      await this.options.cancel(id);
    } catch (error) {
      this.failed(`Could not cancel the ${this.options.noun}`, error);
    } finally {
      this.cancelling.set(false);
    }
  }

  /** Asks first; after deleting, goes back to the job's model. */
  async confirmDelete(job: { id: string; modelId: string }): Promise<void> {
    const { noun } = this.options;
    const ref = this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: `Delete this ${noun}?`,
        message: this.options.deleteMessage,
        confirmLabel: 'Delete',
        destructive: true,
      },
      width: '440px',
    });
    if (!(await firstValueFrom(ref.afterClosed()))) return;
    this.deleting.set(true);
    try {
      await this.options.delete(job.id);
      this.snackBar.open(`Deleted the ${noun}.`, 'OK', { duration: 4000 });
      await this.router.navigate(['/training', job.modelId]);
    } catch (error) {
      this.failed(`Could not delete the ${noun}`, error);
    } finally {
      this.deleting.set(false);
    }
  }

  private failed(what: string, error: unknown): void {
    this.snackBar.open(`${what}: ${errorMessage(error)}`, 'Dismiss', { duration: 10_000 });
  }
}
