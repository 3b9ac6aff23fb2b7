import { type WritableSignal, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from './api-error';
import { ConfirmDialog, type ConfirmDialogData } from './confirm-dialog';

export interface ActionMessages {
  /** Snack bar once it worked, e.g. "Deleted the batch."; none when unset. */
  done?: string;
  /** Start of the snack bar when it failed; ": <why>" is appended. */
  failed: string;
  /** Runs after success while the busy flag is still up (a navigation away). */
  then?: () => Promise<unknown>;
}

/**
 * How a page asks before a destructive action and reports how an action went: the confirmation
 * dialog, the busy flag its button binds to, and the snack bar. Create it in a field initializer
 * (it injects the dialog, snack bar and router).
 */
export class UserActions {
  readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  /** Resolves true when the user confirmed. */
  async confirm(data: ConfirmDialogData): Promise<boolean> {
    const ref = this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data,
      width: '440px',
    });
    return !!(await firstValueFrom(ref.afterClosed()));
  }

  /** Runs `work` with `busy` raised and says how it went. */
  async run(
    busy: WritableSignal<boolean>,
    work: () => Promise<unknown>,
    messages: ActionMessages,
  ): Promise<void> {
    busy.set(true);
    try {
      await work();
      if (messages.done) this.snackBar.open(messages.done, 'OK', { duration: 4000 });
      await messages.then?.();
    } catch (error) {
      this.snackBar.open(`${messages.failed}: ${errorMessage(error)}`, 'Dismiss', {
        duration: 10_000,
      });
    } finally {
      busy.set(false);
    }
  }
}
