import { DOCUMENT } from '@angular/common';
import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { type Observable, firstValueFrom } from 'rxjs';
import { ApiError, errorStatus, toApiError } from '../../shared/api-error';
import {
  ACTION_MIN_ROLE,
  type Action,
  type AuthProviders,
  type ChangePasswordBody,
  type Changeable,
  type LoginBody,
  type LoginLinkBody,
  type Me,
  type OwnerAction,
  type RoleAction,
  isOwnerAction,
  roleAtLeast,
  safeReturnUrl,
} from './auth.model';

export const AUTH_URL = '/api/auth';

/**
 * Loads a page of this app afresh (a full page load). Signing in and out go through it so that
 * nothing one user loaded stays in memory for the next one; tests replace it.
 */
export const PAGE_LOAD = new InjectionToken<(url: string) => void>('PAGE_LOAD', {
  factory: () => {
    const location = inject(DOCUMENT).location;
    return (url: string) => location.assign(url);
  },
});

/** A sign-in refused for too many failures; `retryAt` is when the gateway takes one again. */
export class TooManyAttempts extends ApiError {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(429, message);
    this.name = 'TooManyAttempts';
  }
}

/** When a 429 says to try again: `Retry-After` in seconds or as an HTTP date; 1 min if absent. */
export function retryAt(error: HttpErrorResponse, now = new Date()): Date {
  const header = error.headers?.get('Retry-After')?.trim() ?? '';
  if (/^\d+$/.test(header)) return new Date(now.getTime() + Number(header) * 1000);
  const date = header ? new Date(header) : null;
  if (date && !Number.isNaN(date.getTime())) return date;
  return new Date(now.getTime() + 60_000);
}

function toAuthError(error: unknown): ApiError {
  if (error instanceof HttpErrorResponse && error.status === 429) {
    return new TooManyAttempts(toApiError(error).message, retryAt(error));
  }
  return toApiError(error);
}

/**
 * Who is signed in (`GET /api/auth/me`, asked once at start-up) as a signal, what they may do
 * ({@link can}), and every call that signs in, out or changes the password.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly pageLoad = inject(PAGE_LOAD);
  private readonly _me = signal<Me | null>(null);
  private loaded: Promise<Me | null> | null = null;

  /** The signed-in user; null before the first answer and when nobody is signed in. */
  readonly me = this._me.asReadonly();
  readonly isAdmin = computed(() => this._me()?.role === 'admin');
  /** The signed-in user's id: pickers name the owner of what is not theirs. */
  readonly meId = computed(() => this._me()?.id ?? null);
  private readonly allowed = computed(() => {
    const role = this._me()?.role;
    const entries = Object.entries(ACTION_MIN_ROLE).map(([action, least]) => [
      action,
      !!role && roleAtLeast(role, least),
    ]);
    return Object.fromEntries(entries) as Record<Action, boolean>;
  });

  /**
   * Whether the signed-in user may do `action` (reactive: reads a signal): their role must allow
   * it and, for an action on one resource (delete, share, cancel…), the gateway must have said
   * they may change that resource. The one place the UI decides what to offer.
   */
  can(action: RoleAction): boolean;
  can(action: OwnerAction, resource: Changeable | null | undefined): boolean;
  can(action: Action, resource?: Changeable | null): boolean {
    if (!this.allowed()[action]) return false;
    return !isOwnerAction(action) || !!resource?.canChange;
  }

  /** Who is signed in, asked once; the guards wait for it. Null when nobody is. */
  whenLoaded(): Promise<Me | null> {
    this.loaded ??= this.loadMe();
    return this.loaded;
  }

  providers(): Promise<AuthProviders> {
    return this.call(this.http.get<AuthProviders>(`${AUTH_URL}/providers`));
  }

  /** Rejects with an ApiError: 401 for a wrong name or password, {@link TooManyAttempts}. */
  async signIn(body: LoginBody): Promise<Me> {
    return this.signedIn(await this.call(this.http.post<Me>(`${AUTH_URL}/login`, body)));
  }

  /** Signs in with a one-time login link; the user must then set a password. */
  async signInWithLink(link: string): Promise<Me> {
    const body: LoginLinkBody = { link };
    return this.signedIn(await this.call(this.http.post<Me>(`${AUTH_URL}/login-link`, body)));
  }

  /** Sets a new password; the gateway ends the user's other sessions, this one stays. */
  async changePassword(body: ChangePasswordBody): Promise<void> {
    await this.call(this.http.put<void>(`${AUTH_URL}/password`, body));
    this._me.update((me) => me && { ...me, mustSetPassword: false });
  }

  /** Opens the app at `returnUrl` (a path of this app) with a fresh page, after sign-in. */
  enter(returnUrl: string | null | undefined): void {
    this.pageLoad(safeReturnUrl(returnUrl));
  }

  /**
   * Ends this session, or every session of the user (`everywhere`), then loads the login page
   * afresh. The login page comes either way: a session already gone is signed out too.
   */
  async signOut(everywhere = false): Promise<void> {
    try {
      await this.call(
        this.http.post<void>(`${AUTH_URL}/${everywhere ? 'logout-all' : 'logout'}`, {}),
      );
    } catch (error) {
      if (errorStatus(error) !== 401) throw error;
    }
    this._me.set(null);
    this.pageLoad('/login');
  }

  /** The gateway said the session is gone (401): forget the user, ask them to sign in again. */
  sessionEnded(): void {
    this._me.set(null);
    this.loaded = Promise.resolve(null);
    const current = this.router.url;
    if (current === '/login' || current.startsWith('/login?')) return;
    void this.router.navigate(['/login'], { queryParams: { returnUrl: safeReturnUrl(current) } });
  }

  private async loadMe(): Promise<Me | null> {
    try {
      return this.signedIn(await firstValueFrom(this.http.get<Me>(`${AUTH_URL}/me`)));
    } catch {
      // 401 is nobody signed in; an unreachable gateway leaves the login page to say so.
      this._me.set(null);
      return null;
    }
  }

  private signedIn(me: Me): Me {
    this._me.set(me);
    this.loaded = Promise.resolve(me);
    return me;
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request, { defaultValue: undefined as T });
    } catch (error) {
      throw toAuthError(error);
    }
  }
}
