import { inject } from '@angular/core';
import { type CanDeactivateFn } from '@angular/router';
import { MatDialog } from '@angular/material/dialog';
import { map } from 'rxjs';
import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';

/** A page that may hold edits not saved yet. */
export interface HasUnsavedChanges {
  hasUnsavedChanges(): boolean;
}

/** Asks before leaving a page with unsaved edits (closing the tab asks via `beforeunload`). */
export const unsavedChangesGuard: CanDeactivateFn<HasUnsavedChanges> = (page) => {
  if (!page.hasUnsavedChanges()) return true;
  return inject(MatDialog)
    .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: 'Leave without saving?',
        message: 'The mask has changes that are not saved. They are lost if you leave.',
        confirmLabel: 'Leave',
        destructive: true,
      },
    })
    .afterClosed()
    .pipe(map((leave) => leave === true));
};
