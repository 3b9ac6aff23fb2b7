import {
  Component,
  DestroyRef,
  type ElementRef,
  type OnInit,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { MatDivider } from '@angular/material/divider';
import { Router } from '@angular/router';
import { errorMessage } from '../../shared/api-error';
import { FORM_FIELDS } from '../../shared/form-imports';
import { type AuthProviders, safeReturnUrl } from '../../core/auth/auth.model';
import { AuthService, TooManyAttempts } from '../../core/auth/auth.service';

/**
 * `/login`: user name and password, "Sign in with …" when single sign-on is set up, and the
 * landing of a one-time login link (`/login?link=…`), which signs in and asks for a password.
 */
@Component({
  selector: 'app-login-page',
  imports: [...FORM_FIELDS, MatDivider],
  templateUrl: './login-page.html',
  styleUrl: './login-page.scss',
})
export class LoginPage implements OnInit {
  /** Query parameters (router input binding). */
  readonly link = input<string>();
  readonly returnUrl = input<string>();
  /** Why a single sign-on came back without a session (set by the gateway's OIDC callback). */
  readonly ssoError = input<string>(undefined, { alias: 'error' });

  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly busy = signal(false);
  protected readonly checkingLink = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly providers = signal<AuthProviders | null>(null);
  /** Set after a 429: the form stays locked until then. */
  protected readonly retryAt = signal<Date | null>(null);
  protected readonly locked = computed(() => this.retryAt() !== null);
  /** The provider's sign-in, coming back to the page that sent the browser here. */
  protected readonly ssoUrl = computed(() => {
    const oidc = this.providers()?.oidc;
    return oidc ? `${oidc.loginUrl}?returnUrl=${encodeURIComponent(safeReturnUrl(this.returnUrl()))}` : null;
  });
  protected readonly canSubmit = computed(
    () => !this.busy() && !this.locked() && !!this.username().trim() && !!this.password(),
  );
  private readonly passwordInput = viewChild<ElementRef<HTMLInputElement>>('passwordInput');
  private unlockTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.unlockTimer));
  }

  ngOnInit(): void {
    const ssoError = this.ssoError();
    if (ssoError) this.error.set(`Single sign-on failed: ${ssoError}`);
    const link = this.link();
    if (link) void this.useLink(link);
    else void this.redirectIfSignedIn();
    this.auth.providers().then(
      (providers) => this.providers.set(providers),
      // Signing in needs the gateway too: say it is away rather than let the form fail later.
      (error: unknown) => this.error.update((shown) => shown ?? errorMessage(error)),
    );
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.canSubmit()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const me = await this.auth.signIn({
        username: this.username().trim(),
        password: this.password(),
      });
      if (me.mustSetPassword) await this.toSetPassword();
      else this.auth.enter(this.returnUrl());
    } catch (error) {
      this.password.set('');
      if (error instanceof TooManyAttempts) this.lockUntil(error.retryAt);
      // A wrong password is typed again at once, without reaching for the mouse.
      else this.passwordInput()?.nativeElement.focus();
      this.error.set(this.describe(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async useLink(link: string): Promise<void> {
    this.checkingLink.set(true);
    try {
      await this.auth.signInWithLink(link);
      await this.toSetPassword();
    } catch (error) {
      this.error.set(this.describe(error));
      if (error instanceof TooManyAttempts) this.lockUntil(error.retryAt);
      // The link is spent or wrong either way: take it out of the address bar.
      void this.router.navigate([], {
        queryParams: { link: null },
        queryParamsHandling: 'merge',
        replaceUrl: true,
      });
    } finally {
      this.checkingLink.set(false);
    }
  }

  private async redirectIfSignedIn(): Promise<void> {
    const me = await this.auth.whenLoaded();
    if (!me) return;
    if (me.mustSetPassword) await this.toSetPassword();
    else await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }

  private toSetPassword(): Promise<boolean> {
    return this.router.navigate(['/set-password'], {
      queryParams: { returnUrl: safeReturnUrl(this.returnUrl()) },
      replaceUrl: true,
    });
  }

  private lockUntil(at: Date): void {
    this.retryAt.set(at);
    clearTimeout(this.unlockTimer);
    this.unlockTimer = setTimeout(
      () => {
        this.retryAt.set(null);
        this.error.set(null);
      },
      Math.max(0, at.getTime() - Date.now()),
    );
  }

  private describe(error: unknown): string {
    if (!(error instanceof TooManyAttempts)) return errorMessage(error);
    const time = error.retryAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const minutes = Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 60_000));
    return `${error.message}. Try again at ${time} (in ${minutes} min).`;
  }
}
