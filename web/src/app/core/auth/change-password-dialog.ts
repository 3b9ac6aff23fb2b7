import { Component, computed, inject, signal } from '@angular/core';
import {
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { errorMessage } from '../../shared/api-error';
import { FORM_FIELDS } from '../../shared/form-imports';
import { AuthService } from './auth.service';
import { NewPasswordFields, newPasswordProblem } from './new-password-fields';

/** Changes the signed-in user's password; closes with true once the gateway took it. */
@Component({
  selector: 'app-change-password-dialog',
  imports: [
    ...FORM_FIELDS,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
    NewPasswordFields,
  ],
  template: `
    <h2 mat-dialog-title>Change password</h2>
    <form novalidate (submit)="submit($event)">
      <mat-dialog-content class="content">
        <input type="hidden" autocomplete="username" [value]="auth.me()?.username ?? ''" />
        <mat-form-field appearance="outline">
          <mat-label>Current password</mat-label>
          <input
            matInput
            type="password"
            autocomplete="current-password"
            data-testid="current-password"
            [disabled]="busy()"
            [value]="current()"
            (input)="current.set(text($event))"
            required
          />
        </mat-form-field>
        <app-new-password-fields [(password)]="password" [(repeat)]="repeat" [disabled]="busy()" />
        <p class="muted">Your other sessions end; this one stays signed in.</p>
        @if (error(); as error) {
          <p class="error" role="alert" data-testid="change-password-error">{{ error }}</p>
        }
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Changing the password" />
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="change-password-submit"
          [disabled]="busy() || !current() || !!problem()"
        >
          Change password
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    @use '../../shared/dialog-text';
  `,
})
export class ChangePasswordDialog {
  protected readonly auth = inject(AuthService);
  private readonly ref = inject<MatDialogRef<ChangePasswordDialog, boolean>>(MatDialogRef);
  protected readonly current = signal('');
  protected readonly password = signal('');
  protected readonly repeat = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly problem = computed(() => newPasswordProblem(this.password(), this.repeat()));

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy() || !this.current() || this.problem()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.changePassword({
        currentPassword: this.current(),
        newPassword: this.password(),
      });
      this.ref.close(true);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
