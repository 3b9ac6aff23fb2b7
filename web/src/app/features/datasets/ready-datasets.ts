import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { toApiError } from '../../shared/api-error';
import { type DatasetDto, type Page } from './dataset.model';
import { DATASETS_URL } from './dataset.service';

/** Pickers list ready datasets from one page this large, sorted by name. */
export const DATASET_CHOICES_PAGE_SIZE = 200;

/** The datasets a job can run on (status `ready`), by name: the training form's and dialogs' choices. */
@Injectable({ providedIn: 'root' })
export class ReadyDatasets {
  private readonly http = inject(HttpClient);
  private readonly _choices = signal<DatasetDto[] | null>(null);
  private readonly _error = signal<string | null>(null);

  /** Null until loaded. */
  readonly choices = this._choices.asReadonly();
  readonly error = this._error.asReadonly();

  load(): void {
    this._error.set(null);
    const params = new HttpParams()
      .set('page', 1)
      .set('pageSize', DATASET_CHOICES_PAGE_SIZE)
      .set('sort', 'name')
      .set('order', 'asc');
    this.http.get<Page<DatasetDto>>(DATASETS_URL, { params }).subscribe({
      next: (page) => this._choices.set(page.items.filter((d) => d.status === 'ready')),
      error: (error: unknown) => this._error.set(toApiError(error).message),
    });
  }
}
