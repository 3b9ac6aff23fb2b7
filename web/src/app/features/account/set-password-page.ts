import { Component, computed, inject, input, signal } from '@angular/core';
import { errorMessage } from '../../shared/api-error';
import { FORM_FIELDS } from '../../shared/form-imports';
import { AuthService } from '../../core/auth/auth.service';
import { NewPasswordFields, newPasswordProblem } from '../../core/auth/new-password-fields';

/** `/set-password`: after a one-time login link, the user chooses a password, then the app opens. */
@Component({
  selector: 'app-set-password-page',
  imports: [...FORM_FIELDS, NewPasswordFields],
  template: `
    <main class="auth-card" aria-labelledby="set-password-title">
      <div class="brand" aria-hidden="true">
        <mat-icon>radiology</mat-icon>
        <span>MedSeg</span>
      </div>
      <h1 id="set-password-title">Set your password</h1>
      <p class="lead">
        Welcome{{ me() ? ', ' + me()!.displayName : '' }}. Choose the password you will sign in with
        from now on.
      </p>
      @if (error(); as error) {
        <p class="error" role="alert" data-testid="set-password-error">
          <mat-icon aria-hidden="true">error</mat-icon>
          <span>{{ error }}</span>
        </p>
      }
      <form novalidate (submit)="submit($event)" data-testid="set-password-form">
        <p class="signing-in-as">
          You sign in as <strong data-testid="set-password-username">{{ me()?.username }}</strong>
        </p>
        <!-- For password managers: they store the new password under this user name. -->
        <input
          type="hidden"
          name="username"
          autocomplete="username"
          [value]="me()?.username ?? ''"
        />
        <app-new-password-fields [(password)]="password" [(repeat)]="repeat" [disabled]="busy()" />
        <button
          matButton="filled"
          class="submit"
          type="submit"
          data-testid="set-password-submit"
          [disabled]="busy() || !!problem()"
        >
          Set password and continue
        </button>
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" aria-label="Saving the password" />
        }
      </form>
    </main>
  `,
  styleUrl: './_auth-card.scss',
})
export class SetPasswordPage {
  readonly returnUrl = input<string>();
  private readonly auth = inject(AuthService);
  protected readonly me = this.auth.me;
  protected readonly password = signal('');
  protected readonly repeat = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly problem = computed(() => newPasswordProblem(this.password(), this.repeat()));

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy() || this.problem()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.auth.changePassword({ newPassword: this.password() });
      this.auth.enter(this.returnUrl());
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
