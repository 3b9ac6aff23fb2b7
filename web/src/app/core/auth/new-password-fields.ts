import { Component, input, model } from '@angular/core';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { PASSWORD_MIN } from './auth.model';

/** Why a new password cannot be sent yet, or null when it can. */
export function newPasswordProblem(password: string, repeat: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password !== repeat) return 'The two passwords differ.';
  return null;
}

/** The "new password" and "repeat it" fields of the set-password page and the change dialog. */
@Component({
  selector: 'app-new-password-fields',
  imports: [MatFormField, MatHint, MatInput, MatLabel],
  template: `
    <mat-form-field appearance="outline">
      <mat-label>New password</mat-label>
      <input
        matInput
        type="password"
        autocomplete="new-password"
        data-testid="new-password"
        [minLength]="min"
        [disabled]="disabled()"
        [value]="password()"
        (input)="password.set(text($event))"
        required
      />
      <mat-hint>At least {{ min }} characters, e.g. a few unrelated words</mat-hint>
    </mat-form-field>
    <mat-form-field appearance="outline">
      <mat-label>Repeat the new password</mat-label>
      <input
        matInput
        type="password"
        autocomplete="new-password"
        data-testid="repeat-password"
        [disabled]="disabled()"
        [value]="repeat()"
        (input)="repeat.set(text($event))"
        required
      />
      @if (repeat() && repeat() !== password()) {
        <mat-hint class="field-error" data-testid="repeat-password-error"
          >The two passwords differ</mat-hint
        >
      }
    </mat-form-field>
  `,
  styles: `
    :host {
      display: contents;
    }
    .field-error {
      color: var(--mat-sys-error);
    }
  `,
})
export class NewPasswordFields {
  readonly password = model('');
  readonly repeat = model('');
  readonly disabled = input(false);
  protected readonly min = PASSWORD_MIN;

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
