import { HttpClient } from '@angular/common/http';
import { type Signal, type WritableSignal, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, switchMap, tap } from 'rxjs';
import { type LoadError, toResult } from './load-result';
import { type OwnerFilter } from './ownership/ownership.model';
import { queryParams } from './query-params';

/** The shape of every `*PageDto` of the API, generic so list code is written once. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** What every list query has; the sort key and status are each list's own. */
export interface PagedQuery {
  page: number;
  pageSize: number;
  sort: string;
  order: 'asc' | 'desc';
  search: string;
  status: string;
  /** `me`, `others` or '' for all the caller may see. */
  owner: OwnerFilter;
}

/**
 * One paged, sorted, searchable list of the API (datasets, models): its query, the last page the
 * gateway sent (it stays on screen while the next loads) and the loading and error signals. A new
 * query replaces the answer still on its way. Create it in a field initializer of a service.
 */
export class PagedList<T extends { id: string }, Q extends PagedQuery> {
  private readonly http = inject(HttpClient);
  private readonly _query: WritableSignal<Q>;
  private readonly _list = signal<Page<T> | null>(null);
  private readonly _loading = signal(false);
  private readonly _error = signal<LoadError | null>(null);
  private readonly load$ = new Subject<{ query: Q; quiet: boolean }>();

  readonly query: Signal<Q>;
  readonly list = this._list.asReadonly();
  /** True while a load the user asked for runs; background polls leave it false. */
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();

  constructor(
    private readonly url: string,
    private readonly defaults: Q,
  ) {
    this._query = signal<Q>(defaults);
    this.query = this._query.asReadonly();
    this.load$
      .pipe(
        tap(({ quiet }) => this._loading.set(!quiet)),
        switchMap(({ query }) =>
          toResult(
            this.http.get<Page<T>>(this.url, { params: queryParams({ ...(query as PagedQuery) }) }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this._loading.set(false);
        if (result.ok) {
          this._list.set(result.value);
          this._error.set(null);
        } else {
          this._error.set(result.error);
        }
      });
  }

  /** Changes page, page size, sort or filter and loads that page. */
  setQuery(patch: Partial<Q>): void {
    this._query.update((query) => ({ ...query, ...patch }));
    this.load();
  }

  /** Loads the current page; `quiet` loads (polls) do not raise `loading`. */
  load(options: { quiet?: boolean } = {}): void {
    this.load$.next({ query: this._query(), quiet: options.quiet ?? false });
  }

  /** Changes the page on screen in place (a changed row), without asking the gateway. */
  update(change: (list: Page<T> | null) => Page<T> | null): void {
    this._list.update(change);
  }

  /** Takes a deleted item off the page, then reloads it. */
  remove(id: string): void {
    this._list.update(
      (list) =>
        list && { ...list, items: list.items.filter((i) => i.id !== id), total: list.total - 1 },
    );
    this.load({ quiet: true });
  }

  /** Shows a new item where it lands by default (first page of the default sort). */
  showCreated(): void {
    const query = this._query();
    const { sort, order } = this.defaults;
    if (query.sort === sort && query.order === order && query.page !== 1) {
      this.setQuery({ page: 1 } as Partial<Q>);
    } else {
      this.load({ quiet: true });
    }
  }
}
