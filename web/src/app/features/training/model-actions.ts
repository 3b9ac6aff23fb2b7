import { inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../shared/api-error';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { type ModelDetailDto } from './model.model';
import { ModelDetailStore } from './model-detail.store';

/**
 * Cancel, delete and upload retry of the open model, with the busy flags the page binds to.
 * Create it in a field initializer (it injects the dialog, snack bar and router).
 */
export class ModelActions {
  readonly cancelling = signal(false);
  readonly deleting = signal(false);
  readonly retrying = signal(false);
  private readonly models = inject(ModelDetailStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);

  async confirmCancel(model: ModelDetailDto): Promise<void> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: `Stop training “${model.name}”?`,
        message:
          'The job stops within one batch. After the first epoch the best epoch so far becomes ' +
          'the model (stopped early); before it, nothing is kept.',
        confirmLabel: 'Stop training',
        destructive: true,
      },
      width: '440px',
    });
    if (!(await firstValueFrom(ref.afterClosed()))) return;

    this.cancelling.set(true);
    try {
      await this.models.cancelModel(model.id);
    } catch (error) {
      this.snackBar.open(`Could not stop “${model.name}”: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    } finally {
      this.cancelling.set(false);
    }
  }

  /** Uploads the weights the ml-service kept after a failed upload; the model completes. */
  async retryUpload(model: ModelDetailDto): Promise<void> {
    this.retrying.set(true);
    try {
      await this.models.retryUpload(model.id);
      this.snackBar.open(`Uploaded the weights of “${model.name}”.`, 'OK', { duration: 4000 });
    } catch (error) {
      this.snackBar.open(`Could not upload “${model.name}”: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    } finally {
      this.retrying.set(false);
    }
  }

  async confirmDelete(model: ModelDetailDto): Promise<void> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: `Delete “${model.name}” v${model.version}?`,
        message: 'Its weights and training history are removed. This cannot be undone.',
        confirmLabel: 'Delete',
        destructive: true,
      },
      width: '440px',
    });
    if (!(await firstValueFrom(ref.afterClosed()))) return;

    this.deleting.set(true);
    try {
      await this.models.deleteModel(model.id);
      this.snackBar.open(`Deleted “${model.name}” v${model.version}.`, 'OK', { duration: 4000 });
      await this.router.navigate(['/training']);
    } catch (error) {
      this.snackBar.open(`Could not delete “${model.name}”: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    } finally {
      this.deleting.set(false);
    }
  }
}
