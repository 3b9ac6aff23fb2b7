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
import { SecretReveal } from '../../shared/secret-reveal';

export interface LoginLinkDialogData {
  title: string;
  /** Whom to send it to, e.g. "Ada Lovelace (ada)". */
  who: string;
  loginLink: string;
  /** ISO time; null when the gateway did not say (a new user's link: 24 h). */
  expiresAt: string | null;
}

/** Shows a one-time login link once, to send to the user it is for. */
@Component({
  selector: 'app-login-link-dialog',
  imports: [
    DatePipe,
    MatButton,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    SecretReveal,
  ],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content class="content">
      <p>
        Send this link to {{ data.who }}. It signs them in once and asks for a new password; it
        works until {{ data.expiresAt ? (data.expiresAt | date: 'medium') : 'one day from now' }}.
      </p>
      <app-secret-reveal [secret]="data.loginLink" what="login link" testId="login-link" />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton="filled" type="button" mat-dialog-close data-testid="login-link-done">
        Done
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    @use '../../shared/dialog-text';
    p {
      margin: 0;
    }
  `,
})
export class LoginLinkDialog {
  protected readonly data = inject<LoginLinkDialogData>(MAT_DIALOG_DATA);
}
