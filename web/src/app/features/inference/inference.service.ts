// One piece on purpose: every request of the inference page (warm-up, segmentation, pairs, cases,
// history) follows the one selected model and replaces the one running request; the case list lives
// in dataset-case-list.ts and the page's display state in the components.
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Observable, Subject, type Subscription, debounceTime, tap } from 'rxjs';
import { type OwnerFilter } from '../../shared/ownership/ownership.model';
import { queryParams } from '../../shared/query-params';
import { toApiError } from '../../shared/api-error';
import { type DatasetDto, type Page, type PairDto } from '../datasets/dataset.model';
import { CaseList } from '../datasets/dataset-case-list';
import { DATASETS_URL } from '../datasets/dataset.service';
import { type ModelDto } from '../training/model.model';
import { MODELS_URL } from '../../shared/api-urls';
import { ClassPaletteService } from '../../shared/class-palette';
import {
  type InferenceResultDto,
  type ModelLoadDto,
  type SegmentInput,
  type SegmentResultDto,
  type VolumeResultDto,
  type WarmState,
  isVolumeFile,
  isVolumeResult,
} from './inference.model';

/** What the page shows besides the mask: the picture, and the maps its threshold slider reads. */
const PAGE_INCLUDE = 'image,probabilities';
/** How long after an answer the gateway has stored the result it names. */
const STORE_SETTLE_MS = 1000;
/** Models and datasets are offered from one page this large. */
export const INFERENCE_CHOICES_PAGE_SIZE = 200;
/** Thumbnails of a dataset's pairs shown to pick from, per page. */
export const INFERENCE_PAIRS_PAGE_SIZE = 48;

/**
 * Owns every call of the inference page: the completed models, the warm-up of the selected one,
 * segmentation of an upload or a dataset pair, and the stored results. State is readonly signals;
 * a new request replaces (and cancels) the one before, while the last result stays shown.
 */
@Injectable({ providedIn: 'root' })
export class InferenceService {
  private readonly http = inject(HttpClient);

  private readonly _models = signal<ModelDto[] | null>(null);
  private readonly _modelsError = signal<string | null>(null);
  private readonly _selectedId = signal<string | null>(null);
  private readonly _warm = signal<WarmState>({ state: 'idle' });
  private readonly _result = signal<SegmentResultDto | null>(null);
  private readonly _volumeResult = signal<VolumeResultDto | null>(null);
  private readonly _resultInput = signal<SegmentInput | null>(null);
  private readonly _running = signal(false);
  private readonly _runningInput = signal<SegmentInput | null>(null);
  private readonly _error = signal<string | null>(null);
  private readonly _datasets = signal<DatasetDto[] | null>(null);
  private readonly _datasetsError = signal<string | null>(null);
  private readonly _pairsDatasetId = signal<string | null>(null);
  private readonly _pairs = signal<PairDto[]>([]);
  private readonly _pairsQuery = signal('');
  private readonly _pairsPage = signal(1);
  private readonly _pairsTotal = signal(0);
  private readonly _pairsLoading = signal(false);
  private readonly _pairsError = signal<string | null>(null);
  private readonly caseList = new CaseList(
    this.http,
    (id) => `${DATASETS_URL}/${encodeURIComponent(id)}/cases`,
  );
  private readonly _casesDatasetId = signal<string | null>(null);
  private readonly _history = signal<InferenceResultDto[]>([]);
  private readonly _historyError = signal<string | null>(null);
  private readonly _historyOwner = signal<OwnerFilter>('');
  private readonly _mirroring = signal(false);

  /** Completed models, newest first; null until loaded. */
  readonly models = this._models.asReadonly();
  readonly modelsError = this._modelsError.asReadonly();
  readonly selectedId = this._selectedId.asReadonly();
  readonly warm = this._warm.asReadonly();
  /** The last 2D answer; kept while a new request runs (null while a volume is shown). */
  readonly result = this._result.asReadonly();
  /** The last volume answer, browsed in the viewer (null while a 2D result is shown). */
  readonly volumeResult = this._volumeResult.asReadonly();
  /** What {@link result} was asked for. */
  readonly resultInput = this._resultInput.asReadonly();
  readonly running = this._running.asReadonly();
  /** What the running request was asked for (null when none runs). */
  readonly runningInput = this._runningInput.asReadonly();
  /** Why the last segmentation failed; cleared by the next one. */
  readonly error = this._error.asReadonly();
  /** Ready datasets; null until loaded. */
  readonly datasets = this._datasets.asReadonly();
  readonly datasetsError = this._datasetsError.asReadonly();
  readonly pairsDatasetId = this._pairsDatasetId.asReadonly();
  readonly pairs = this._pairs.asReadonly();
  /** The name filter, the page (from 1) and how many pairs match it in all. */
  readonly pairsQuery = this._pairsQuery.asReadonly();
  readonly pairsPage = this._pairsPage.asReadonly();
  readonly pairsTotal = this._pairsTotal.asReadonly();
  readonly pairsLoading = this._pairsLoading.asReadonly();
  readonly pairsError = this._pairsError.asReadonly();
  /** The cases (volumes) of the dataset chosen to segment a whole case from. */
  readonly casesDatasetId = this._casesDatasetId.asReadonly();
  readonly cases = this.caseList.items;
  readonly casesLoading = this.caseList.loading;
  readonly casesError = this.caseList.error;
  /** Stored results of the selected model. */
  readonly history = this._history.asReadonly();
  readonly historyError = this._historyError.asReadonly();
  readonly historyOwner = this._historyOwner.asReadonly();
  /** Whether segmentations average over the input's mirror images (`?testTimeMirroring=true`). */
  readonly mirroring = this._mirroring.asReadonly();
  private readonly classPalette = inject(ClassPaletteService);
  /** Class colours served by the gateway; empty until loaded (the overlay draws neutral grey). */
  readonly palette = this.classPalette.palette;

  private loadSub: Subscription | null = null;
  private segmentSub: Subscription | null = null;
  private pairsSub: Subscription | null = null;
  private historySub: Subscription | null = null;
  /** The gateway stores a result just after answering: look again a moment later. */
  private readonly historyRefresh$ = new Subject<void>();

  constructor() {
    this.historyRefresh$
      .pipe(debounceTime(STORE_SETTLE_MS), takeUntilDestroyed())
      .subscribe(() => this.loadHistory());
  }

  loadModels(): void {
    const params = new HttpParams({
      fromObject: { pageSize: INFERENCE_CHOICES_PAGE_SIZE, sort: 'createdAt', order: 'desc' },
    });
    this.http.get<Page<ModelDto>>(MODELS_URL, { params }).subscribe({
      next: (page) => {
        this._models.set(page.items.filter((m) => m.status === 'completed'));
        this._modelsError.set(null);
      },
      error: (error: unknown) => this._modelsError.set(toApiError(error).message),
    });
  }

  /** Loads the class colours once (see ClassPaletteService). */
  loadPalette(): void {
    this.classPalette.load();
  }

  /** Selects a model, warms it up on the ml-service and loads its stored results. */
  selectModel(id: string | null): void {
    if (id === this._selectedId()) return;
    this._selectedId.set(id);
    this.loadSub?.unsubscribe();
    this.segmentSub?.unsubscribe();
    this._running.set(false);
    this._history.set([]);
    this._historyError.set(null);
    if (!id) {
      this._warm.set({ state: 'idle' });
      return;
    }
    this._warm.set({ state: 'loading' });
    this.loadSub = this.http.post<ModelLoadDto>(`${MODELS_URL}/${id}/load`, null).subscribe({
      next: (load) => this._warm.set({ state: 'ready', ...load }),
      error: (error: unknown) =>
        this._warm.set({ state: 'error', message: toApiError(error).message }),
    });
    this.loadHistory();
  }

  /**
   * Segments an uploaded file with the selected model. A volume goes to `segment-volume` once
   * (always stored) and is then browsed without any further request; PNG/JPEG take the 2D path.
   */
  segmentFile(file: File, options: { persist?: boolean } = {}): void {
    const id = this._selectedId();
    if (!id) return;
    const input: SegmentInput = { kind: 'file', file, persist: options.persist ?? true };
    const body = new FormData();
    body.append('image', file, file.name);
    if (isVolumeFile(file.name)) {
      this.run(
        input,
        this.http.post<VolumeResultDto>(`${MODELS_URL}/${id}/segment-volume`, body, {
          params: this.mirroringParams(),
        }),
      );
      return;
    }
    const params = this.mirroringParams({ persist: String(input.persist), include: PAGE_INCLUDE });
    this.run(
      input,
      this.http.post<SegmentResultDto>(`${MODELS_URL}/${id}/segment`, body, { params }),
    );
  }

  /** Segments a whole case of a dataset; the answer has its ground truth and scores. */
  segmentCase(datasetId: string, caseIndex: number, name: string): void {
    const id = this._selectedId();
    if (!id) return;
    this.run(
      { kind: 'case', datasetId, caseIndex, name },
      this.http.post<VolumeResultDto>(
        `${MODELS_URL}/${id}/segment-case`,
        { datasetId, caseIndex },
        { params: this.mirroringParams() },
      ),
    );
  }

  /** Shows a stored result again (image, mask and probability maps come from storage). */
  openResult(result: Pick<InferenceResultDto, 'id' | 'createdAt'>): void {
    this.run(
      { kind: 'stored', resultId: result.id, createdAt: result.createdAt },
      this.http.get<SegmentResultDto | VolumeResultDto>(
        `/api/inference-results/${encodeURIComponent(result.id)}`,
      ),
    );
  }

  /** Asks again for the last input, with the model selected now. */
  repeat(): void {
    const input = this._resultInput();
    if (!input || input.kind === 'stored') return;
    if (input.kind === 'file') {
      this.segmentFile(input.file, { persist: input.persist });
    } else if (input.kind === 'case') {
      this.segmentCase(input.datasetId, input.caseIndex, input.name);
    } else {
      this.segmentPair(input.datasetId, { index: input.pairIndex, name: input.name });
    }
  }

  /** Turns test-time mirroring on or off for the segmentations asked from now on. */
  setMirroring(on: boolean): void {
    this._mirroring.set(on);
  }

  private mirroringParams(fields: Record<string, string> = {}): HttpParams {
    const params = new HttpParams({ fromObject: fields });
    return this._mirroring() ? params.set('testTimeMirroring', 'true') : params;
  }

  /** Segments a pair of a dataset; the answer carries its ground truth with Dice and IoU. */
  segmentPair(datasetId: string, pair: Pick<PairDto, 'index' | 'name'>): void {
    const id = this._selectedId();
    if (!id) return;
    const params = this.mirroringParams({ persist: 'false', include: PAGE_INCLUDE });
    this.run(
      { kind: 'pair', datasetId, pairIndex: pair.index, name: pair.name },
      this.http.post<SegmentResultDto>(
        `${MODELS_URL}/${id}/segment-pair`,
        { datasetId, pairIndex: pair.index },
        { params },
      ),
    );
  }

  loadDatasets(): void {
    const params = new HttpParams({ fromObject: { pageSize: INFERENCE_CHOICES_PAGE_SIZE } });
    this.http.get<Page<DatasetDto>>(DATASETS_URL, { params }).subscribe({
      next: (page) => {
        this._datasets.set(page.items.filter((d) => d.status === 'ready'));
        this._datasetsError.set(null);
      },
      error: (error: unknown) => this._datasetsError.set(toApiError(error).message),
    });
  }

  /** Loads one page of a dataset's pairs to pick from, only those whose name contains `query`. */
  loadPairs(datasetId: string, options: { query?: string; page?: number } = {}): void {
    this.pairsSub?.unsubscribe();
    const query = (
      options.query ?? (datasetId === this._pairsDatasetId() ? this._pairsQuery() : '')
    ).trim();
    const pageNumber = options.page ?? 1;
    this._pairsDatasetId.set(datasetId);
    this._pairsQuery.set(query);
    this._pairsPage.set(pageNumber);
    this._pairs.set([]);
    this._pairsError.set(null);
    this._pairsLoading.set(true);
    const params = new HttpParams({
      fromObject: {
        pageSize: INFERENCE_PAIRS_PAGE_SIZE,
        page: pageNumber,
        ...(query ? { q: query } : {}),
      },
    });
    this.pairsSub = this.http
      .get<Page<PairDto>>(`${DATASETS_URL}/${datasetId}/pairs`, { params })
      .subscribe({
        next: (page) => {
          this._pairs.set(page.items);
          this._pairsTotal.set(page.total);
          this._pairsLoading.set(false);
        },
        error: (error: unknown) => {
          this._pairsError.set(toApiError(error).message);
          this._pairsLoading.set(false);
        },
      });
  }

  /** Loads the cases of a dataset to pick one to segment whole. */
  loadCases(datasetId: string): void {
    this._casesDatasetId.set(datasetId);
    this.caseList.load(datasetId);
  }

  /** Deletes a stored result (its input and masks too) and reloads the history. */
  deleteResult(item: InferenceResultDto): Observable<void> {
    return this.http
      .delete<void>(`/api/inference-results/${encodeURIComponent(item.id)}`)
      .pipe(tap(() => this.loadHistory()));
  }

  /** Shows only one's own stored results, or others' (admins see everyone's), or all. */
  setHistoryOwner(owner: OwnerFilter): void {
    this._historyOwner.set(owner);
    this.loadHistory();
  }

  /** Reloads the stored results of the selected model. */
  loadHistory(): void {
    const id = this._selectedId();
    if (!id) return;
    this.historySub?.unsubscribe();
    const params = queryParams({ owner: this._historyOwner() });
    const url = `${MODELS_URL}/${id}/results`;
    this.historySub = this.http.get<InferenceResultDto[]>(url, { params }).subscribe({
      next: (results) => {
        this._history.set(results);
        this._historyError.set(null);
      },
      error: (error: unknown) => this._historyError.set(toApiError(error).message),
    });
  }

  private run(input: SegmentInput, request: Observable<SegmentResultDto | VolumeResultDto>): void {
    this.segmentSub?.unsubscribe();
    this._running.set(true);
    this._runningInput.set(input);
    this._error.set(null);
    this.segmentSub = request.subscribe({
      next: (result) => {
        const volume = isVolumeResult(result) ? result : null;
        this._volumeResult.set(volume);
        this._result.set(volume ? null : (result as SegmentResultDto));
        this._resultInput.set(input);
        this._running.set(false);
        this._runningInput.set(null);
        const stored = volume ? volume.id : (result as SegmentResultDto).resultId;
        if (stored && input.kind !== 'stored') {
          this.loadHistory();
          this.historyRefresh$.next();
        }
      },
      error: (error: unknown) => {
        this._error.set(toApiError(error).message);
        this._running.set(false);
        this._runningInput.set(null);
      },
    });
  }
}
