import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, switchMap, tap } from 'rxjs';
import { type LoadError, toResult } from '../../shared/load-result';
import { type AuditEvent, type AuditFilter, type AuditPage } from './audit.model';

export const ADMIN_AUDIT_URL = '/api/admin/audit';
export const AUDIT_PAGE_SIZE = 50;

interface Request {
  filter: AuditFilter;
  before: string | null;
}

/**
 * The admin's audit log, newest first: `load(filter)` starts over, `loadOlder()` appends the next
 * page (the gateway's `nextBefore` cursor). A newer request drops an answer still on its way.
 */
@Injectable({ providedIn: 'root' })
export class AuditLogService {
  private readonly http = inject(HttpClient);
  private readonly _events = signal<AuditEvent[] | null>(null);
  private readonly _nextBefore = signal<string | null>(null);
  private readonly _loading = signal(false);
  private readonly _error = signal<LoadError | null>(null);
  private readonly request$ = new Subject<Request>();
  private filter: AuditFilter = {};

  /** Null until the first answer. */
  readonly events = this._events.asReadonly();
  /** Null when the oldest event is shown. */
  readonly nextBefore = this._nextBefore.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();

  constructor() {
    this.request$
      .pipe(
        tap(() => this._loading.set(true)),
        switchMap((request) =>
          toResult(this.http.get<AuditPage>(ADMIN_AUDIT_URL, { params: paramsOf(request) })).pipe(
            tap((result) => this.apply(request, result)),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(() => this._loading.set(false));
  }

  load(filter: AuditFilter = this.filter): void {
    this.filter = filter;
    this._events.set(null);
    this._nextBefore.set(null);
    this.request$.next({ filter, before: null });
  }

  loadOlder(): void {
    const before = this._nextBefore();
    if (before !== null) this.request$.next({ filter: this.filter, before });
  }

  private apply(
    request: Request,
    result: { ok: true; value: AuditPage } | { ok: false; error: LoadError },
  ): void {
    if (!result.ok) {
      this._error.set(result.error);
      return;
    }
    this._error.set(null);
    const older = request.before === null ? [] : (this._events() ?? []);
    this._events.set([...older, ...result.value.events]);
    this._nextBefore.set(result.value.nextBefore);
  }
}

function paramsOf({ filter, before }: Request): HttpParams {
  let params = new HttpParams().set('limit', AUDIT_PAGE_SIZE);
  if (before !== null) params = params.set('before', before);
  for (const [name, value] of Object.entries(filter)) {
    if (value) params = params.set(name, value);
  }
  return params;
}
