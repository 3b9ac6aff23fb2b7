import { DatePipe } from '@angular/common';
import { Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MAT_DIALOG_DATA,
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogTitle,
} from '@angular/material/dialog';
import { type AnnotationConflictDto } from './annotation.model';

/** What the person chose about a conflicting save; undefined: cancel (keep editing). */
export type ConflictChoice = 'merge' | 'keep-both';

/** A 409 on save: someone saved this case after it was opened. */
@Component({
  selector: 'app-annotation-conflict-dialog',
  imports: [
    DatePipe,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
  ],
  template: `
    <h2 mat-dialog-title>Someone saved this case meanwhile</h2>
    <mat-dialog-content>
      <p data-testid="conflict-who">
        {{ conflict.createdBy?.name ?? 'Someone' }} saved it as version {{ conflict.version }} at
        {{ conflict.createdAt | date: 'medium' }}.
      </p>
      <p>
        <strong>Merge</strong> keeps your mask and adds theirs where yours is background, then saves
        on top of their version. <strong>Keep both</strong> saves yours as the next version; theirs
        stays in its own.
      </p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Cancel</button>
      <button matButton type="button" [mat-dialog-close]="'keep-both'" data-testid="conflict-keep">
        Keep both
      </button>
      <button
        matButton="filled"
        type="button"
        [mat-dialog-close]="'merge'"
        data-testid="conflict-merge"
      >
        Merge
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    p {
      margin: 0 0 8px;
    }
  `,
})
export class AnnotationConflictDialog {
  protected readonly conflict = inject<AnnotationConflictDto>(MAT_DIALOG_DATA);
}
