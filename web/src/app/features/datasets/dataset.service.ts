import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, type Subscription, filter, firstValueFrom, map, switchMap, tap } from 'rxjs';
import { ApiError, errorMessage, errorStatus, toApiError } from '../../shared/api-error';
import { type VisibilityBody, type Visibility } from '../../shared/ownership/ownership.model';
import { cancellableRequest } from '../../shared/cancellable';
import { type LoadError, toResult } from '../../shared/load-result';
import { PagedList } from '../../shared/paged-list';
import { XHR_FACTORY, xhrUpload } from '../../shared/xhr-upload';
import { CaseList } from './dataset-case-list';
import {
  type DatasetDetailDto,
  type DatasetDto,
  type DatasetListQuery,
  type Page,
  type PairDto,
  type UploadProgress,
} from './dataset.model';

export const DATASETS_URL = '/api/datasets';
export const DEFAULT_LIST_QUERY: DatasetListQuery = {
  page: 1,
  pageSize: 20,
  sort: 'uploadedAt',
  order: 'desc',
  search: '',
  status: '',
  owner: '',
};
export const PAIRS_PAGE_SIZE = 48;

/**
 * Owns every call to `/api/datasets` and keeps what the pages show (the list page, the open
 * dataset with its pairs, the upload and import in progress) as readonly signals. Upload and
 * import state live here, not in a page, so they survive navigating away and back.
 */
@Injectable({ providedIn: 'root' })
export class DatasetService {
  private readonly http = inject(HttpClient);
  private readonly createXhr = inject(XHR_FACTORY);

  // The list page
  private readonly pages = new PagedList<DatasetDto, DatasetListQuery>(
    DATASETS_URL,
    DEFAULT_LIST_QUERY,
  );

  readonly query = this.pages.query;
  /** The last page the gateway sent; stays on screen while the next one loads. */
  readonly list = this.pages.list;
  /** True while a load the user asked for runs; background polls leave it false. */
  readonly listLoading = this.pages.loading;
  readonly listError = this.pages.error;
  readonly datasets = computed(() => this.list()?.items ?? []);
  readonly total = computed(() => this.list()?.total ?? 0);
  /** True while a dataset on the page is still being inspected, so the page should poll. */
  readonly inspecting = computed(() => this.datasets().some((d) => d.status === 'uploaded'));

  // The open dataset
  private readonly _detailId = signal<string | null>(null);
  private readonly _detail = signal<DatasetDetailDto | null>(null);
  private readonly _detailLoading = signal(false);
  private readonly _detailError = signal<LoadError | null>(null);
  private readonly detailLoad$ = new Subject<{ id: string; quiet: boolean }>();

  readonly detailId = this._detailId.asReadonly();
  readonly detail = this._detail.asReadonly();
  readonly detailLoading = this._detailLoading.asReadonly();
  readonly detailError = this._detailError.asReadonly();

  // Pairs of the open dataset, appended page by page
  private readonly _pairs = signal<PairDto[]>([]);
  private readonly _pairsTotal = signal(0);
  private readonly _pairsLoading = signal(false);
  private readonly _pairsError = signal<string | null>(null);
  private pairsRequested = false;
  private pairsSub: Subscription | null = null;

  readonly pairs = this._pairs.asReadonly();
  readonly pairsTotal = this._pairsTotal.asReadonly();
  readonly pairsLoading = this._pairsLoading.asReadonly();
  readonly pairsError = this._pairsError.asReadonly();
  readonly hasMorePairs = computed(() => this._pairs().length < this._pairsTotal());

  // Cases (volumes) of the open dataset: one page, loaded once inspection has found them
  private readonly caseList = new CaseList(
    this.http,
    (id) => `${DATASETS_URL}/${encodeURIComponent(id)}/cases`,
  );
  readonly cases = this.caseList.items;
  readonly casesTotal = this.caseList.total;
  readonly casesLoading = this.caseList.loading;
  readonly casesError = this.caseList.error;

  // Transfers
  private readonly _upload = signal<UploadProgress | null>(null);
  private readonly _importing = signal<string | null>(null);
  private uploadCancel: (() => void) | null = null;
  private importCancel: (() => void) | null = null;

  /** Byte progress of the running upload, or null when none runs. */
  readonly upload = this._upload.asReadonly();
  /** URL the gateway is downloading for a running import, or null. */
  readonly importing = this._importing.asReadonly();

  constructor() {
    // switchMap: another dataset replaces the answer still on its way.
    this.detailLoad$
      .pipe(
        tap(({ quiet }) => this._detailLoading.set(!quiet)),
        switchMap(({ id }) =>
          toResult(
            this.http.get<DatasetDetailDto>(`${DATASETS_URL}/${encodeURIComponent(id)}`),
          ).pipe(map((result) => ({ id, result }))),
        ),
        filter(({ id }) => id === this._detailId()),
        takeUntilDestroyed(),
      )
      .subscribe(({ result }) => {
        this._detailLoading.set(false);
        if (!result.ok) {
          this._detailError.set(result.error);
          return;
        }
        this._detail.set(result.value);
        this._detailError.set(null);
        // Pairs exist once inspection has finished.
        if (
          !this.pairsRequested &&
          result.value.status !== 'uploaded' &&
          result.value.pairCount > 0
        ) {
          this.loadMorePairs();
        }
        if (
          !this.caseList.requested &&
          result.value.status === 'ready' &&
          result.value.caseCount > 0
        ) {
          this.loadCases();
        }
      });
  }

  /** Changes page, page size or sort and loads that page. */
  setListQuery(patch: Partial<DatasetListQuery>): void {
    this.pages.setQuery(patch);
  }

  /** Loads the current page; `quiet` loads (polls) do not raise `listLoading`. */
  loadList(options: { quiet?: boolean } = {}): void {
    this.pages.load(options);
  }

  /** Shows a dataset: forgets the one shown before, then loads it and its first pairs. */
  openDataset(id: string): void {
    if (id !== this._detailId()) {
      this._detailId.set(id);
      this._detail.set(null);
      this._detailError.set(null);
      this.resetPairs();
      this.caseList.reset();
    }
    this.detailLoad$.next({ id, quiet: false });
  }

  /** Reloads the open dataset without raising `detailLoading` (for polling). */
  refreshDetail(): void {
    const id = this._detailId();
    if (id) this.detailLoad$.next({ id, quiet: true });
  }

  /** Appends the next page of pairs of the open dataset. */
  loadMorePairs(): void {
    const id = this._detailId();
    if (!id || this._pairsLoading()) return;
    this.pairsRequested = true;
    const page = Math.floor(this._pairs().length / PAIRS_PAGE_SIZE) + 1;
    const params = new HttpParams().set('page', page).set('pageSize', PAIRS_PAGE_SIZE);
    this._pairsLoading.set(true);
    this._pairsError.set(null);
    this.pairsSub = this.http
      .get<Page<PairDto>>(`${DATASETS_URL}/${encodeURIComponent(id)}/pairs`, { params })
      .subscribe({
        next: (result) => {
          this._pairsLoading.set(false);
          // Keep the pairs already shown if a page repeats one (the list is stable, but be safe).
          const known = new Set(this._pairs().map((p) => p.index));
          this._pairs.update((pairs) => [
            ...pairs,
            ...result.items.filter((p) => !known.has(p.index)),
          ]);
          this._pairsTotal.set(result.total);
        },
        error: (error: unknown) => {
          this._pairsLoading.set(false);
          this._pairsError.set(errorMessage(error));
        },
      });
  }

  /** (Re)loads the cases of the open dataset. */
  loadCases(): void {
    const id = this._detailId();
    if (id) this.caseList.load(id);
  }

  /** One pair of a dataset by its index (the middle slice of a case, say). */
  async pairAt(datasetId: string, index: number): Promise<PairDto> {
    const params = new HttpParams().set('page', index + 1).set('pageSize', 1);
    const url = `${DATASETS_URL}/${encodeURIComponent(datasetId)}/pairs`;
    try {
      const result = await firstValueFrom(this.http.get<Page<PairDto>>(url, { params }));
      const pair = result.items[0];
      if (!pair) throw new ApiError(404, `The dataset has no pair ${index}`);
      return pair;
    } catch (error) {
      throw toApiError(error);
    }
  }

  /**
   * Shares a dataset with the lab or makes it private again; the open dataset and its row take
   * the answer. Rejects with an {@link ApiError} (403 for someone else's).
   */
  async setVisibility(id: string, visibility: Visibility): Promise<DatasetDetailDto> {
    const body: VisibilityBody = { visibility };
    const url = `${DATASETS_URL}/${encodeURIComponent(id)}/visibility`;
    let dataset: DatasetDetailDto;
    try {
      dataset = await firstValueFrom(this.http.put<DatasetDetailDto>(url, body));
    } catch (error) {
      throw toApiError(error);
    }
    if (id === this._detailId()) this._detail.set(dataset);
    const { visibility: shown, canChange } = dataset;
    this.pages.update(
      (list) =>
        list && {
          ...list,
          items: list.items.map((d) => (d.id === id ? { ...d, visibility: shown, canChange } : d)),
        },
    );
    return dataset;
  }

  /** Deletes a dataset; rejects with an {@link ApiError} (409 while a training uses it). */
  async deleteDataset(id: string): Promise<void> {
    try {
      await firstValueFrom(this.http.delete(`${DATASETS_URL}/${encodeURIComponent(id)}`), {
        defaultValue: null,
      });
    } catch (error) {
      throw new ApiError(errorStatus(error), errorMessage(error));
    }
    if (id === this._detailId()) {
      this._detailId.set(null);
      this._detail.set(null);
      this.resetPairs();
      this.caseList.reset();
    }
    this.pages.remove(id);
  }

  /**
   * Uploads a ZIP archive with byte progress in {@link upload}. Resolves with the new dataset,
   * or null when cancelled; rejects with an {@link ApiError} saying what the gateway refused.
   */
  uploadArchive(file: File, name?: string): Promise<DatasetDto | null> {
    this.cancelUpload();
    // The gateway streams the archive: fields before the file, or it would not see the name.
    const form = new FormData();
    const trimmed = name?.trim();
    if (trimmed) form.append('name', trimmed);
    form.append('archive', file, file.name);

    const startedAt = Date.now();
    this._upload.set({ fileName: file.name, loaded: 0, total: file.size, bytesPerSecond: 0 });
    const request = cancellableRequest(
      xhrUpload<DatasetDto>(this.createXhr, DATASETS_URL, form),
      (event) => {
        if (event.type !== 'progress') return this.shownCreated(event.body);
        const seconds = (Date.now() - startedAt) / 1000;
        this._upload.set({
          fileName: file.name,
          loaded: event.loaded,
          total: event.total || file.size,
          // A rate from the first few milliseconds would be noise.
          bytesPerSecond: seconds >= 0.5 ? event.loaded / seconds : 0,
        });
        return undefined;
      },
      () => {
        this._upload.set(null);
        this.uploadCancel = null;
      },
    );
    this.uploadCancel = request.cancel;
    return request.result;
  }

  /** Aborts the running upload; the gateway discards what it received. */
  cancelUpload(): void {
    this.uploadCancel?.();
  }

  /**
   * Asks the gateway to download an archive from a URL; it answers once the download is stored,
   * which can take minutes. Resolves with the new dataset, or null when cancelled.
   */
  importArchive(url: string, name?: string): Promise<DatasetDto | null> {
    this.cancelImport();
    const trimmed = name?.trim();
    const body = trimmed ? { url, name: trimmed } : { url };
    this._importing.set(url);
    // Unsubscribing aborts the fetch, and the gateway stops downloading.
    const request = cancellableRequest(
      this.http.post<DatasetDto>(`${DATASETS_URL}/import`, body),
      (dataset) => this.shownCreated(dataset),
      () => {
        this._importing.set(null);
        this.importCancel = null;
      },
      (error) => new ApiError(errorStatus(error), errorMessage(error)),
    );
    this.importCancel = request.cancel;
    return request.result;
  }

  cancelImport(): void {
    this.importCancel?.();
  }

  /** Shows a new dataset where it lands by default: first page, newest first. */
  private shownCreated(dataset: DatasetDto): DatasetDto {
    this.pages.showCreated();
    return dataset;
  }

  private resetPairs(): void {
    this.pairsSub?.unsubscribe();
    this.pairsSub = null;
    this.pairsRequested = false;
    this._pairs.set([]);
    this._pairsTotal.set(0);
    this._pairsLoading.set(false);
    this._pairsError.set(null);
  }
}
