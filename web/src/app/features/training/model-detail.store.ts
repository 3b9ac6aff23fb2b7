import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subject, filter, firstValueFrom, map, switchMap, tap } from 'rxjs';
import { MODELS_URL } from '../../shared/api-urls';
import { toApiError } from '../../shared/api-error';
import { EVENT_SOURCE_FACTORY, JobEventStream } from '../../shared/jobs/job-event-source';
import { type JobEventDto, type JobStatus, type TrainingStep } from '../../shared/jobs/job.model';
import { type LoadError, toResult } from '../../shared/load-result';
import { type Visibility, type VisibilityBody } from '../../shared/ownership/ownership.model';
import { type EpochDto, type ModelDetailDto, type ModelDto, type ModelStatus } from './model.model';
import { ModelListStore } from './model-list.store';

/** The model fields a status event decides. */
function statusPatch(status: JobStatus): Partial<ModelDto> {
  const ended = status.state === 'failed' || status.state === 'cancelled';
  const modelStatus: ModelStatus =
    status.state === 'completed' ? 'completed' : ended ? 'failed' : 'training';
  let error: string | null = null;
  if (status.state === 'cancelled') error = status.message?.trim() || 'cancelled';
  else if (status.state === 'failed') error = status.message?.trim() || 'Training failed';
  return {
    status: modelStatus,
    jobState: status.state,
    queuePosition: status.state === 'queued' ? status.queuePosition : 0,
    error,
    reason: status.reason,
    stoppedEarly: status.reason === 'stopped_early',
    ...(modelStatus !== 'training' ? { progress: null } : {}),
  };
}

/**
 * Epochs of both lists, one per epoch number and in order; where both have an epoch the one from
 * `incoming` wins (a resumed training reports an epoch again).
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
 * The open model: loaded with its history, then followed through its job stream while it trains
 * (snapshot, status, step, epoch and completed events), and its actions (cancel, delete, retry
 * the upload). Leaving the page and coming back shows the same state.
 */
@Injectable({ providedIn: 'root' })
export class ModelDetailStore {
  private readonly http = inject(HttpClient);
  private readonly openEventSource = inject(EVENT_SOURCE_FACTORY);
  private readonly list = inject(ModelListStore);

  private readonly _detailId = signal<string | null>(null);
  private readonly _detail = signal<ModelDetailDto | null>(null);
  private readonly _detailLoading = signal(false);
  private readonly _detailError = signal<LoadError | null>(null);
  private readonly _epochs = signal<EpochDto[]>([]);
  private readonly _step = signal<TrainingStep | null>(null);
  private readonly _stream = signal<JobEventStream<ModelDetailDto> | null>(null);
  private readonly load$ = new Subject<{ id: string; quiet: boolean }>();

  readonly detailId = this._detailId.asReadonly();
  readonly detail = this._detail.asReadonly();
  readonly detailLoading = this._detailLoading.asReadonly();
  readonly detailError = this._detailError.asReadonly();
  /** Validation metrics per epoch, in order and one per epoch: history plus live events. */
  readonly epochs = this._epochs.asReadonly();
  /** The latest progress inside the running epoch, from the event stream. */
  readonly step = this._step.asReadonly();
  readonly live = computed(() => this._stream()?.live() ?? 'closed');

  constructor() {
    this.load$
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
        this._detailError.set(null);
        this.show(result.value);
        if (result.value.status === 'training' && !this._stream()) this.connect(id);
      });
  }

  /**
   * Shows a model: loads it with its history and, while it trains, follows its event stream.
   * Opening the model already shown keeps its epochs.
   */
  openModel(id: string): void {
    if (id !== this._detailId()) {
      this.disconnect();
      this._detailId.set(id);
      this._detail.set(null);
      this._detailError.set(null);
      this._epochs.set([]);
      this._step.set(null);
    }
    this.load$.next({ id, quiet: false });
  }

  /** Reloads the open model without raising `detailLoading`. */
  refreshDetail(): void {
    const id = this._detailId();
    if (id) this.load$.next({ id, quiet: true });
  }

  /** Stops following the open model (its page was left); what was received stays. */
  closeModel(): void {
    this.disconnect();
  }

  /** The models a lineage names, for their names and versions; one that cannot be read is left out. */
  async relatives(ids: readonly string[]): Promise<ModelDto[]> {
    const read = await Promise.allSettled(
      ids.map((id) => firstValueFrom(this.http.get<ModelDto>(this.modelUrl(id)))),
    );
    return read.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  }

  /** Asks the gateway to stop a queued or running job. */
  async cancelModel(id: string): Promise<ModelDto> {
    const model = await this.post<ModelDto>(`${this.modelUrl(id)}/cancel`);
    if (id === this._detailId()) this.patchDetail(model);
    this.list.replace(model);
    return model;
  }

  /** Uploads again the weights the ml-service kept after a failed upload; the model completes. */
  async retryUpload(id: string): Promise<ModelDetailDto> {
    const model = await this.post<ModelDetailDto>(`${this.modelUrl(id)}/retry-upload`);
    if (id === this._detailId()) this.show(model);
    this.list.replace(model);
    return model;
  }

  /** Shares a model with the lab or makes it private again; rejects with an ApiError (403). */
  async setVisibility(id: string, visibility: Visibility): Promise<ModelDetailDto> {
    const body: VisibilityBody = { visibility };
    let model: ModelDetailDto;
    try {
      const url = `${this.modelUrl(id)}/visibility`;
      model = await firstValueFrom(this.http.put<ModelDetailDto>(url, body));
    } catch (error) {
      throw toApiError(error);
    }
    if (id === this._detailId()) this.patchDetail(model);
    this.list.replace(model);
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
    this.list.remove(id);
  }

  /** A whole model from GET, a snapshot or an action: replaces the shown one. */
  private show(detail: ModelDetailDto): void {
    this._detail.set(detail);
    this._epochs.update((epochs) => mergeEpochs(epochs, detail.history ?? []));
    this.list.replace(detail);
    if (detail.status !== 'training') {
      this.disconnect();
      this._step.set(null);
    }
  }

  private connect(id: string): void {
    const stream = new JobEventStream<ModelDetailDto>(
      this.openEventSource,
      `${this.modelUrl(id)}/events`,
      {
        snapshot: (detail) => this.show(detail),
        terminal: (detail) => detail.status !== 'training',
        event: (event) => this.apply(event),
        // Weights, split and the finish time are only in the gateway's record.
        ended: () => this.refreshDetail(),
      },
    );
    this._stream.set(stream);
    stream.open();
  }

  private disconnect(): void {
    this._stream()?.close();
    this._stream.set(null);
  }

  private apply(event: JobEventDto): void {
    const detail = this._detail();
    if (event.status) {
      this.patchDetail(statusPatch(event.status));
      if (event.status.state !== 'queued' && event.status.state !== 'running') this._step.set(null);
    } else if (event.step) {
      // A step of an epoch that has finished since is stale.
      if (event.step.epoch <= (this._epochs().at(-1)?.epoch ?? 0)) return;
      this._step.set(event.step);
      if (detail?.jobState === 'queued')
        this.patchDetail({ jobState: 'running', queuePosition: 0 });
    } else if (event.epoch) {
      const epoch = event.epoch;
      this._epochs.update((epochs) => mergeEpochs(epochs, [epoch]));
      if (!detail) return;
      this.patchDetail({
        epochsDone: Math.max(detail.epochsDone, epoch.epoch),
        epochs: epoch.epochs || detail.epochs,
        bestDice: epoch.isBest ? epoch.valDice : detail.bestDice,
      });
    } else if (event.completed?.bestValDice !== undefined) {
      this.patchDetail({ bestDice: event.completed.bestValDice });
    }
  }

  private patchDetail(patch: Partial<ModelDto>): void {
    this._detail.update((detail) => detail && { ...detail, ...patch });
    const detail = this._detail();
    if (detail) this.list.replace(detail);
  }

  private async post<T>(url: string): Promise<T> {
    try {
      return await firstValueFrom(this.http.post<T>(url, {}));
    } catch (error) {
      throw toApiError(error);
    }
  }

  private modelUrl(id: string): string {
    return `${MODELS_URL}/${encodeURIComponent(id)}`;
  }
}
