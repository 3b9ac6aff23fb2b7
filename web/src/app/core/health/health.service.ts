import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type Observable,
  Subject,
  TimeoutError,
  catchError,
  defer,
  exhaustMap,
  finalize,
  interval,
  map,
  of,
  startWith,
  switchMap,
  timeout,
} from 'rxjs';
import { type HealthState, mapHealthReport } from './health.model';

export const HEALTH_URL = '/api/health';

/** How often the gateway is asked; tests shorten or lengthen it. */
export const HEALTH_POLL_INTERVAL_MS = new InjectionToken<number>('HEALTH_POLL_INTERVAL_MS', {
  factory: () => 5_000,
});

/** A gateway that does not answer within this time counts as unreachable. */
export const HEALTH_TIMEOUT_MS = new InjectionToken<number>('HEALTH_TIMEOUT_MS', {
  factory: () => 10_000,
});

/** Polls `GET /api/health` and exposes the platform's health as signals. */
@Injectable({ providedIn: 'root' })
export class HealthService {
  private readonly http = inject(HttpClient);
  private readonly pollMs = inject(HEALTH_POLL_INTERVAL_MS);
  private readonly timeoutMs = inject(HEALTH_TIMEOUT_MS);
  private readonly refresh$ = new Subject<void>();
  private readonly _state = signal<HealthState>({ kind: 'checking' });
  private readonly _checking = signal(false);

  readonly state = this._state.asReadonly();
  /** True while a request is in flight; the last state stays visible meanwhile. */
  readonly checking = this._checking.asReadonly();
  readonly report = computed(() => {
    const state = this.state();
    return state.kind === 'reported' ? state.report : null;
  });
  readonly dependencies = computed(() => this.report()?.dependencies ?? []);
  readonly down = computed(() => this.dependencies().filter((d) => d.status === 'down'));
  readonly checkedAt = computed(() => {
    const state = this.state();
    return state.kind === 'checking' ? null : state.checkedAt;
  });

  constructor() {
    // A manual refresh cancels the request in flight and restarts the poll cycle from now;
    // exhaustMap keeps a slow answer from being cancelled by the next tick.
    this.refresh$
      .pipe(
        startWith(undefined),
        switchMap(() =>
          interval(this.pollMs).pipe(
            startWith(0),
            exhaustMap(() => this.check()),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this._state.set(state));
  }

  /** Asks the gateway now instead of waiting for the next poll. */
  refresh(): void {
    this.refresh$.next();
  }

  private check(): Observable<HealthState> {
    return defer(() => {
      this._checking.set(true);
      return this.http.get<unknown>(HEALTH_URL).pipe(
        timeout(this.timeoutMs),
        map((body) => toState(body, 200)),
        catchError((error: unknown) => of(errorToState(error, this.timeoutMs))),
        finalize(() => this._checking.set(false)),
      );
    });
  }
}

function toState(body: unknown, status: number): HealthState {
  const report = mapHealthReport(body);
  const checkedAt = new Date();
  return report
    ? { kind: 'reported', report, checkedAt }
    : {
        kind: 'unreachable',
        reason: `Unexpected answer from ${HEALTH_URL} (HTTP ${status})`,
        checkedAt,
      };
}

function errorToState(error: unknown, timeoutMs: number): HealthState {
  const checkedAt = new Date();
  if (error instanceof TimeoutError) {
    return {
      kind: 'unreachable',
      reason: `No answer from the gateway within ${timeoutMs / 1000} s`,
      checkedAt,
    };
  }
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return {
        kind: 'unreachable',
        reason: 'No response from the gateway (network error)',
        checkedAt,
      };
    }
    // The gateway answers 503 with the same body as 200 when a dependency is down: that is data.
    return toState(error.error, error.status);
  }
  return { kind: 'unreachable', reason: String(error), checkedAt };
}
