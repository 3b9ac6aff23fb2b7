import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, filter, firstValueFrom, map, switchMap, tap } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { EVENT_SOURCE_FACTORY } from '../../shared/event-source';
import { type LoadError, toResult } from '../../shared/load-result';
import { queryParams } from '../../shared/query-params';
import { type DatasetDto, type Page } from '../datasets/dataset.model';
import { DATASETS_URL } from '../datasets/dataset.service';
import {
  type CompletedEvent,
  type CreateModelBody,
  type EpochDto,
  type EpochEvent,
  type JobState,
  type ModelDefaultsDto,
  type ModelDetailDto,
  type ModelDto,
  type ModelListQuery,
  type ModelStatus,
  type StatusEvent,
  type StepEvent,
  TERMINAL_STATES,
} from './model.model';

export const MODELS_URL = '/api/models';
export const DEFAULT_MODEL_QUERY: ModelListQuery = {
  page: 1,
  pageSize: 20,
  sort: 'createdAt',
  order: 'desc',
  search: '',
  status: '',
};
/** The training form lists ready datasets from one page this large, sorted by name. */
export const DATASET_CHOICES_PAGE_SIZE = 200;

/** `EventSource.CLOSED`, spelled out because tests run where EventSource does not exist. */
const EVENT_SOURCE_CLOSED = 2;

/**
 * State of the live event stream of the open model: `connecting` (also while the browser
 * reconnects by itself), `open`, `closed` (not needed: the job is over, or the page was left) or
 * `lost` (the gateway refused the stream; the page falls back to polling).
 */
export type LiveState = 'connecting' | 'open' | 'closed' | 'lost';

function modelStatus(state: JobState): ModelStatus {
  switch (state) {
    case 'queued':
    case 'running':
      return 'training';
    case 'completed':
      return 'completed';
    case 'failed':
    case 'cancelled':
      return 'failed';
  }
}

/** The fields of a model that a status event decides. */
function statusPatch(event: StatusEvent): Partial<ModelDto> {
  const status = modelStatus(event.state);
  let error: string | null = null;
  if (event.state === 'cancelled') error = 'cancelled';
  else if (event.state === 'failed') error = event.message?.trim() || 'Training failed';
  return {
    status,
    jobState: event.state,
    queuePosition: event.state === 'queued' ? event.queuePosition : 0,
    error,
    ...(status !== 'training' ? { progress: null } : {}),
  };
}

function toEpoch(event: EpochEvent): EpochDto {
  return {
    epoch: event.epoch,
    epochs: event.epochs,
    trainLoss: event.trainLoss,
    valLoss: event.valLoss,
    valDice: event.valDice,
    valIou: event.valIou,
    valDicePerClass: event.valDicePerClass ?? [],
    valIouPerClass: event.valIouPerClass ?? [],
    learningRate: event.learningRate,
    samplesPerSecond: event.samplesPerSecond,
    elapsedSeconds: event.elapsedSeconds,
    etaSeconds: event.etaSeconds,
    isBest: event.isBest,
  };
}

/**
 * Epochs of both lists, one per epoch number and in order; where both have an epoch the one from
 * `incoming` wins. History from GET and the replayed events overlap, and a reconnect may repeat.
 */
export function mergeEpochs(
  current: readonly EpochDto[],
  incoming: readonly EpochDto[],
): EpochDto[] {
  if (incoming.length === 0) return current as EpochDto[];
  const last = current.at(-1)?.epoch ?? 0;
  // The common case while training: one new epoch after the last one.
  if (incoming.every((e, i) => e.epoch > (i === 0 ? last : incoming[i - 1].epoch))) {
    return [...current, ...incoming];
  }
  const byEpoch = new Map(current.map((e) => [e.epoch, e]));
  for (const e of incoming) byEpoch.set(e.epoch, e);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/**
 * Owns every call to `/api/models`: the training form's choices and defaults, the models table,
 * and the open model with its live event stream. Everything the pages show is a readonly signal;
 * the stream is opened and closed here, so leaving a page and coming back shows the same state.
 */
@Injectable({ providedIn: 'root' })
export class ModelService {
  private readonly http = inject(HttpClient);
  private readonly openEventSource = inject(EVENT_SOURCE_FACTORY);

  // What the training form offers
  private readonly _defaults = signal<ModelDefaultsDto | null>(null);
  private readonly _defaultsError = signal<string | null>(null);
  private readonly _datasetChoices = signal<DatasetDto[] | null>(null);
  private readonly _datasetChoicesError = signal<string | null>(null);

  /** Default hyper-parameters with the range of each; prefills the form. */
  readonly defaults = this._defaults.asReadonly();
  readonly defaultsError = this._defaultsError.asReadonly();
  /** Datasets a model can be trained on (status `ready`), by name; null until loaded. */
  readonly datasetChoices = this._datasetChoices.asReadonly();
  readonly datasetChoicesError = this._datasetChoicesError.asReadonly();

  // The models table
  private readonly _query = signal<ModelListQuery>(DEFAULT_MODEL_QUERY);
  private readonly _list = signal<Page<ModelDto> | null>(null);
  private readonly _listLoading = signal(false);
  private readonly _listError = signal<LoadError | null>(null);
  private readonly listLoad$ = new Subject<{ query: ModelListQuery; quiet: boolean }>();

  readonly query = this._query.asReadonly();
  readonly list = this._list.asReadonly();
  /** True while a load the user asked for runs; background polls leave it false. */
  readonly listLoading = this._listLoading.asReadonly();
  readonly listError = this._listError.asReadonly();
  readonly models = computed(() => this._list()?.items ?? []);
  /** True while a model on the page is queued or training, so the page should poll. */
  readonly training = computed(() => this.models().some((m) => m.status === 'training'));

  // The open model
  private readonly _detailId = signal<string | null>(null);
  private readonly _detail = signal<ModelDetailDto | null>(null);
  private readonly _detailLoading = signal(false);
  private readonly _detailError = signal<LoadError | null>(null);
  private readonly _epochs = signal<EpochDto[]>([]);
  private readonly _step = signal<StepEvent | null>(null);
  private readonly _live = signal<LiveState>('closed');
  private readonly detailLoad$ = new Subject<{ id: string; quiet: boolean }>();
  private source: EventSource | null = null;
  private lastSequence = 0;
  /** The end of the job as the stream told it; the gateway's record may lag behind it. */
  private finalStatus: StatusEvent | null = null;

  readonly detailId = this._detailId.asReadonly();
  readonly detail = this._detail.asReadonly();
  readonly detailLoading = this._detailLoading.asReadonly();
  readonly detailError = this._detailError.asReadonly();
  /** Validation metrics per epoch, in order and one per epoch: history plus live events. */
  readonly epochs = this._epochs.asReadonly();
  /** The latest progress inside the running epoch, from the event stream. */
  readonly step = this._step.asReadonly();
  readonly live = this._live.asReadonly();

  constructor() {
    this.listLoad$
      .pipe(
        tap(({ quiet }) => this._listLoading.set(!quiet)),
        switchMap(({ query }) => toResult(this.fetchList(query))),
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

    this.detailLoad$
      .pipe(
        tap(({ quiet }) => this._detailLoading.set(!quiet)),
        switchMap(({ id }) =>
          toResult(this.http.get<ModelDetailDto>(this.modelUrl(id))).pipe(
            map((result) => ({ id, result })),
          ),
        ),
        filter(({ id }) => id === this._detailId()),
        takeUntilDestroyed(),
      )
      .subscribe(({ id, result }) => {
        this._detailLoading.set(false);
        if (!result.ok) {
          this._detailError.set(result.error);
          return;
        }
        let detail = result.value;
        if (this.finalStatus && detail.status === 'training') {
          detail = { ...detail, ...statusPatch(this.finalStatus) };
        }
        this._detail.set(detail);
        this._detailError.set(null);
        this._epochs.update((epochs) => mergeEpochs(epochs, detail.history ?? []));
        if (detail.status === 'training') {
          if (!this.source && this._live() !== 'lost') this.connect(id);
        } else {
          this.disconnect();
          this._step.set(null);
        }
      });
  }

  // The form

  /** Loads the default hyper-parameters (once) and the datasets ready for training. */
  loadFormChoices(): void {
    if (!this._defaults()) this.loadDefaults();
    this.loadDatasetChoices();
  }

  loadDefaults(): void {
    this._defaultsError.set(null);
    this.http.get<ModelDefaultsDto>(`${MODELS_URL}/defaults`).subscribe({
      next: (defaults) => this._defaults.set(defaults),
      error: (error: unknown) => this._defaultsError.set(toApiError(error).message),
    });
  }

  loadDatasetChoices(): void {
    this._datasetChoicesError.set(null);
    const params = new HttpParams()
      .set('page', 1)
      .set('pageSize', DATASET_CHOICES_PAGE_SIZE)
      .set('sort', 'name')
      .set('order', 'asc');
    this.http.get<Page<DatasetDto>>(DATASETS_URL, { params }).subscribe({
      next: (page) => this._datasetChoices.set(page.items.filter((d) => d.status === 'ready')),
      error: (error: unknown) => this._datasetChoicesError.set(toApiError(error).message),
    });
  }

  /**
   * Starts training a new model. Resolves with it; rejects with an ApiError whose `details`
   * list each field the gateway refused (400), or 409 when the dataset is not ready.
   */
  async createModel(body: CreateModelBody): Promise<ModelDto> {
    let model: ModelDto;
    try {
      model = await firstValueFrom(this.http.post<ModelDto>(MODELS_URL, body));
    } catch (error) {
      throw toApiError(error);
    }
    this.afterCreate();
    return model;
  }

  // The table

  setListQuery(patch: Partial<ModelListQuery>): void {
    this._query.update((query) => ({ ...query, ...patch }));
    this.loadList();
  }

  /** Loads the current page; `quiet` loads (polls) do not raise `listLoading`. */
  loadList(options: { quiet?: boolean } = {}): void {
    this.listLoad$.next({ query: this._query(), quiet: options.quiet ?? false });
  }

  // The open model

  /**
   * Shows a model: loads it with its history and, while it trains, follows its event stream.
   * Opening the model already shown keeps its epochs; the replayed events are merged in.
   */
  openModel(id: string): void {
    if (id !== this._detailId()) {
      this.disconnect();
      this._detailId.set(id);
      this._detail.set(null);
      this._detailError.set(null);
      this._epochs.set([]);
      this._step.set(null);
      this.finalStatus = null;
    }
    if (this._live() === 'lost') this._live.set('closed');
    this.detailLoad$.next({ id, quiet: false });
  }

  /** Reloads the open model without raising `detailLoading` (for polling). */
  refreshDetail(): void {
    const id = this._detailId();
    if (id) this.detailLoad$.next({ id, quiet: true });
  }

  /** Stops following the open model (its page was left); what was received stays. */
  closeModel(): void {
    this.disconnect();
  }

  /** Asks the gateway to stop a queued or running job; the model ends as cancelled. */
  async cancelModel(id: string): Promise<ModelDto> {
    let model: ModelDto;
    try {
      model = await firstValueFrom(this.http.post<ModelDto>(`${this.modelUrl(id)}/cancel`, {}));
    } catch (error) {
      throw toApiError(error);
    }
    if (id === this._detailId()) {
      this._detail.update((detail) => detail && { ...detail, ...model });
    }
    this.replaceInList(model);
    return model;
  }

  /** Deletes a model and its weights; rejects with an ApiError (409 while it trains). */
  async deleteModel(id: string): Promise<void> {
    try {
      await firstValueFrom(this.http.delete(this.modelUrl(id)), { defaultValue: null });
    } catch (error) {
      throw toApiError(error);
    }
    if (id === this._detailId()) {
      this.disconnect();
      this._detailId.set(null);
      this._detail.set(null);
      this._epochs.set([]);
      this._step.set(null);
    }
    this._list.update(
      (list) =>
        list && { ...list, items: list.items.filter((m) => m.id !== id), total: list.total - 1 },
    );
    this.loadList({ quiet: true });
  }

  private connect(id: string): void {
    this.disconnect();
    const source = this.openEventSource(`${this.modelUrl(id)}/events`);
    this.source = source;
    this.lastSequence = 0;
    this._live.set('connecting');

    source.onopen = () => {
      if (this.source === source) this._live.set('open');
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // CONNECTING: the browser retries by itself and resumes with Last-Event-ID. CLOSED: the
      // gateway answered with an error status, and nothing will retry.
      if (source.readyState === EVENT_SOURCE_CLOSED) {
        this.source = null;
        source.close();
        this._live.set('lost');
      } else {
        this._live.set('connecting');
      }
    };
    const listen = <T>(type: string, handle: (data: T) => void) =>
      source.addEventListener(type, (event) => {
        if (this.source !== source) return;
        const message = event as MessageEvent<string>;
        const sequence = Number(message.lastEventId);
        if (Number.isFinite(sequence) && sequence > 0) {
          if (sequence <= this.lastSequence) return;
          this.lastSequence = sequence;
        }
        let data: T;
        try {
          data = JSON.parse(message.data) as T;
        } catch {
          console.warn(`Ignoring a ${type} event of model ${id} that is not JSON`, message.data);
          return;
        }
        handle(data);
      });
    listen<StatusEvent>('status', (e) => this.onStatus(e));
    listen<StepEvent>('step', (e) => this.onStep(e));
    listen<EpochEvent>('epoch', (e) => this.onEpoch(e));
    listen<CompletedEvent>('completed', (e) => this.onCompleted(e));
  }

  private disconnect(): void {
    this.source?.close();
    this.source = null;
    this._live.set('closed');
  }

  private onStatus(event: StatusEvent): void {
    this.patchDetail(statusPatch(event));
    if (!TERMINAL_STATES.includes(event.state)) return;
    // The job is over: the gateway would only answer a reconnect with the same final status.
    this.finalStatus = event;
    this.disconnect();
    this._step.set(null);
    // Weights, split and the finish time are only in the gateway's record.
    this.refreshDetail();
  }

  private onStep(event: StepEvent): void {
    // Replayed history includes steps of epochs that have finished since.
    if (event.epoch <= (this._epochs().at(-1)?.epoch ?? 0)) return;
    this._step.set(event);
    const detail = this._detail();
    if (detail?.jobState === 'queued') this.patchDetail({ jobState: 'running', queuePosition: 0 });
  }

  private onEpoch(event: EpochEvent): void {
    const epoch = toEpoch(event);
    this._epochs.update((epochs) => mergeEpochs(epochs, [epoch]));
    const detail = this._detail();
    if (!detail) return;
    this.patchDetail({
      epochsDone: Math.max(detail.epochsDone, epoch.epoch),
      epochs: event.epochs || detail.epochs,
      bestDice: epoch.isBest ? epoch.valDice : detail.bestDice,
    });
  }

  private onCompleted(event: CompletedEvent): void {
    this.patchDetail({ bestDice: event.bestValDice });
  }

  private patchDetail(patch: Partial<ModelDto>): void {
    this._detail.update((detail) => detail && { ...detail, ...patch });
    const detail = this._detail();
    if (detail) this.replaceInList(detail);
  }

  private replaceInList(model: ModelDto): void {
    this._list.update((list) => {
      if (!list?.items.some((m) => m.id === model.id)) return list;
      return {
        ...list,
        items: list.items.map((m) => (m.id === model.id ? { ...m, ...pickModel(model) } : m)),
      };
    });
  }

  private fetchList(query: ModelListQuery) {
    return this.http.get<Page<ModelDto>>(MODELS_URL, { params: queryParams({ ...query }) });
  }

  /** Shows a new model where it lands by default: first page, newest first. */
  private afterCreate(): void {
    const query = this._query();
    if (query.sort === 'createdAt' && query.order === 'desc' && query.page !== 1) {
      this.setListQuery({ page: 1 });
    } else {
      this.loadList({ quiet: true });
    }
  }

  private modelUrl(id: string): string {
    return `${MODELS_URL}/${encodeURIComponent(id)}`;
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
    createdAt: model.createdAt,
    trainedAt: model.trainedAt,
    epochsDone: model.epochsDone,
    epochs: model.epochs,
    bestDice: model.bestDice,
    progress: model.progress,
  };
}
