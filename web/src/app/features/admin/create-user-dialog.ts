import { Component, computed, inject, signal } from '@angular/core';
import {
  MatDialogActions,
  MatDialogClose,
  MatDialogContent,
  MatDialogRef,
  MatDialogTitle,
} from '@angular/material/dialog';
import { errorMessage } from '../../shared/api-error';
import { FORM_FIELDS, SELECT_FIELD } from '../../shared/form-imports';
import {
  PASSWORD_MIN,
  ROLES,
  ROLE_HINTS,
  ROLE_LABELS,
  type CreatedUserDto,
  type Role,
} from '../../core/auth/auth.model';
import { UserAdminService } from './user-admin.service';

/** Creates a user; closes with the gateway's answer (a login link in it when no password was set). */
@Component({
  selector: 'app-create-user-dialog',
  imports: [
    ...FORM_FIELDS,
    ...SELECT_FIELD,
    MatDialogActions,
    MatDialogClose,
    MatDialogContent,
    MatDialogTitle,
  ],
  template: `
    <h2 mat-dialog-title>New user</h2>
    <form novalidate (submit)="submit($event)">
      <mat-dialog-content class="content">
        <mat-form-field appearance="outline">
          <mat-label>User name</mat-label>
          <input
            matInput
            autocapitalize="none"
            spellcheck="false"
            autocomplete="off"
            data-testid="new-user-username"
            [value]="username()"
            (input)="username.set(text($event).toLowerCase())"
            required
          />
          <mat-hint>What they sign in with: lower-case letters, digits, dots, dashes</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Display name</mat-label>
          <input
            matInput
            maxlength="120"
            autocomplete="off"
            data-testid="new-user-display-name"
            [value]="displayName()"
            (input)="displayName.set(text($event))"
            required
          />
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Role</mat-label>
          <mat-select data-testid="new-user-role" [value]="role()" (valueChange)="role.set($event)">
            @for (r of roles; track r) {
              <mat-option [value]="r">{{ roleLabels[r] }}</mat-option>
            }
          </mat-select>
          <mat-hint>{{ roleHints[role()] }}</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Password (optional)</mat-label>
          <input
            matInput
            type="password"
            autocomplete="new-password"
            data-testid="new-user-password"
            [value]="password()"
            (input)="password.set(text($event))"
          />
          @if (passwordProblem(); as problem) {
            <mat-hint class="field-error">{{ problem }}</mat-hint>
          } @else {
            <mat-hint>Empty: you get a one-time login link to send them</mat-hint>
          }
        </mat-form-field>
        @if (error(); as error) {
          <p class="error" role="alert" data-testid="new-user-error">{{ error }}</p>
        }
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Creating the user" />
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="new-user-submit"
          [disabled]="!canSubmit()"
        >
          Create user
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    @use '../../shared/dialog-text';
    .field-error {
      color: var(--mat-sys-error);
    }
  `,
})
export class CreateUserDialog {
  private readonly admin = inject(UserAdminService);
  private readonly ref = inject<MatDialogRef<CreateUserDialog, CreatedUserDto>>(MatDialogRef);
  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly roleHints = ROLE_HINTS;

  protected readonly username = signal('');
  protected readonly displayName = signal('');
  protected readonly role = signal<Role>('researcher');
  protected readonly password = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly passwordProblem = computed(() => {
    const length = this.password().length;
    return length > 0 && length < PASSWORD_MIN ? `Use at least ${PASSWORD_MIN} characters.` : null;
  });
  protected readonly canSubmit = computed(
    () =>
      !this.busy() &&
      !!this.username().trim() &&
      !!this.displayName().trim() &&
      !this.passwordProblem(),
  );

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canSubmit()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const created = await this.admin.createUser({
        username: this.username().trim(),
        displayName: this.displayName().trim(),
        role: this.role(),
        ...(this.password() ? { password: this.password() } : {}),
      });
      this.ref.close(created);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
