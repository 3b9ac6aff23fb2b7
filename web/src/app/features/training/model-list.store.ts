import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, switchMap, tap } from 'rxjs';
import { MODELS_URL } from '../../shared/api-urls';
import { type LoadError, toResult } from '../../shared/load-result';
import { queryParams } from '../../shared/query-params';
import { type Page } from '../datasets/dataset.model';
import { type ModelDto, type ModelListQuery } from './model.model';

const DEFAULT_MODEL_QUERY: ModelListQuery = {
  page: 1,
  pageSize: 20,
  sort: 'createdAt',
  order: 'desc',
  search: '',
  status: '',
};

/** The models table: one page of `/api/models`, its query, and the changes other pages report. */
@Injectable({ providedIn: 'root' })
export class ModelListStore {
  private readonly http = inject(HttpClient);
  private readonly _query = signal<ModelListQuery>(DEFAULT_MODEL_QUERY);
  private readonly _list = signal<Page<ModelDto> | null>(null);
  private readonly _listLoading = signal(false);
  private readonly _listError = signal<LoadError | null>(null);
  private readonly load$ = new Subject<{ query: ModelListQuery; quiet: boolean }>();

  readonly query = this._query.asReadonly();
  readonly list = this._list.asReadonly();
  /** True while a load the user asked for runs; background polls leave it false. */
  readonly listLoading = this._listLoading.asReadonly();
  readonly listError = this._listError.asReadonly();
  readonly models = computed(() => this._list()?.items ?? []);
  /** True while a model on the page is queued or training, so the page should poll. */
  readonly training = computed(() => this.models().some((m) => m.status === 'training'));

  constructor() {
    this.load$
      .pipe(
        tap(({ quiet }) => this._listLoading.set(!quiet)),
        switchMap(({ query }) => toResult(this.fetch(query))),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this._listLoading.set(false);
        if (result.ok) {
          this._list.set(result.value);
          this._listError.set(null);
        } else {
          this._listError.set(result.error);
        }
      });
  }

  setListQuery(patch: Partial<ModelListQuery>): void {
    this._query.update((query) => ({ ...query, ...patch }));
    this.loadList();
  }

  /** Loads the current page; `quiet` loads (polls) do not raise `listLoading`. */
  loadList(options: { quiet?: boolean } = {}): void {
    this.load$.next({ query: this._query(), quiet: options.quiet ?? false });
  }

  /** Shows a new model where it lands by default: first page, newest first. */
  showCreated(): void {
    const query = this._query();
    if (query.sort === 'createdAt' && query.order === 'desc' && query.page !== 1) {
      this.setListQuery({ page: 1 });
    } else {
      this.loadList({ quiet: true });
    }
  }

  /** Puts the list fields of a changed model in place, if it is on the page. */
  replace(model: ModelDto): void {
    this._list.update((list) => {
      if (!list?.items.some((m) => m.id === model.id)) return list;
      return {
        ...list,
        items: list.items.map((m) => (m.id === model.id ? { ...m, ...pickModel(model) } : m)),
      };
    });
  }

  /** Takes a deleted model off the page, then reloads it. */
  remove(id: string): void {
    this._list.update(
      (list) =>
        list && { ...list, items: list.items.filter((m) => m.id !== id), total: list.total - 1 },
    );
    this.loadList({ quiet: true });
  }

  private fetch(query: ModelListQuery) {
    return this.http.get<Page<ModelDto>>(MODELS_URL, { params: queryParams({ ...query }) });
  }
}

/** The list fields of a model, without the detail-only ones. */
function pickModel(model: ModelDto): ModelDto {
  return {
    id: model.id,
    name: model.name,
    version: model.version,
    datasetId: model.datasetId,
    datasetName: model.datasetName,
    architecture: model.architecture,
    status: model.status,
    jobState: model.jobState,
    queuePosition: model.queuePosition,
    error: model.error,
    reason: model.reason,
    stoppedEarly: model.stoppedEarly,
    createdAt: model.createdAt,
    trainedAt: model.trainedAt,
    epochsDone: model.epochsDone,
    epochs: model.epochs,
    bestDice: model.bestDice,
    progress: model.progress,
    metrics: model.metrics,
  };
}
