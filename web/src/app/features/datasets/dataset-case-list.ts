import { type HttpClient, HttpParams } from '@angular/common/http';
import { type Subscription } from 'rxjs';
import { signal } from '@angular/core';
import { errorMessage } from '../../shared/api-error';
import { type CaseDto, type CasePageDto } from './dataset.model';

/** The gateway's cap per page of cases; the table shows the first this many. */
export const CASES_PAGE_SIZE = 1000;

/**
 * The cases (volumes) of the open dataset, one page of them, for DatasetService: it owns the
 * HTTP client and decides when to load (once inspection has found cases).
 */
export class CaseList {
  private readonly _items = signal<CaseDto[]>([]);
  private readonly _total = signal(0);
  private readonly _loading = signal(false);
  private readonly _error = signal<string | null>(null);
  private sub: Subscription | null = null;

  readonly items = this._items.asReadonly();
  readonly total = this._total.asReadonly();
  readonly loading = this._loading.asReadonly();
  readonly error = this._error.asReadonly();

  constructor(
    private readonly http: HttpClient,
    private readonly url: (datasetId: string) => string,
  ) {}

  /** True once a load was asked for since the last reset. */
  get requested(): boolean {
    return this.sub !== null;
  }

  load(datasetId: string): void {
    this.sub?.unsubscribe();
    const params = new HttpParams().set('pageSize', CASES_PAGE_SIZE);
    this._loading.set(true);
    this._error.set(null);
    this.sub = this.http.get<CasePageDto>(this.url(datasetId), { params }).subscribe({
      next: (result) => {
        this._loading.set(false);
        this._items.set(result.items);
        this._total.set(result.total);
      },
      error: (error: unknown) => {
        this._loading.set(false);
        this._error.set(errorMessage(error));
      },
    });
  }

  reset(): void {
    this.sub?.unsubscribe();
    this.sub = null;
    this._items.set([]);
    this._total.set(0);
    this._loading.set(false);
    this._error.set(null);
  }
}
