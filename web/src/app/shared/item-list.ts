import { HttpClient } from '@angular/common/http';
import { inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, switchMap, tap } from 'rxjs';
import { type LoadError, toResult } from './load-result';

/**
 * A whole (unpaged) list of the API, e.g. users or API tokens: the items the gateway sent, the
 * loading and error signals, and in-place changes after a create, update or delete. Create it in
 * a field initializer of a service, like {@link PagedList}.
 */
export class ItemList<T extends { id: string }> {
  private readonly http = inject(HttpClient);
  private readonly _items = signal<T[] | null>(null);
  private readonly _loading = signal(false);
  private readonly _error = signal<LoadError | null>(null);
  private readonly load$ = new Subject<void>();

  /** Null until the first answer. */
  readonly items = this._items.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();

  constructor(private readonly url: string) {
    this.load$
      .pipe(
        tap(() => this._loading.set(true)),
        switchMap(() => toResult(this.http.get<T[]>(this.url))),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this._loading.set(false);
        if (result.ok) {
          this._items.set(result.value);
          this._error.set(null);
        } else {
          this._error.set(result.error);
        }
      });
  }

  load(): void {
    this.load$.next();
  }

  /** Shows a new item first. */
  add(item: T): void {
    this._items.update((items) => [item, ...(items ?? []).filter((i) => i.id !== item.id)]);
  }

  /** Puts the gateway's new version of an item in its place. */
  replace(item: T): void {
    this._items.update((items) => items && items.map((i) => (i.id === item.id ? item : i)));
  }

  remove(id: string): void {
    this._items.update((items) => items && items.filter((i) => i.id !== id));
  }
}
