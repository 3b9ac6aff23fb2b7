import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { type Subscription } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import {
  type DatasetDetailDto,
  type DatasetDto,
  type Page,
  type PairDto,
} from '../datasets/dataset.model';
import { DATASETS_URL } from '../datasets/dataset.service';
import { type EvaluationDto } from '../evaluation/evaluation.model';
import { EVALUATIONS_URL } from '../evaluation/evaluation.service';
import { type SegmentResultDto } from '../inference/inference.model';
import { type ModelDetailDto, type ModelDto } from '../training/model.model';
import { MODELS_URL } from '../../shared/api-urls';
import { type ApiSchema } from '../../shared/api-schema';
import { type LabelName } from '../../shared/label-names';
import { latestCompleted } from './compare-fairness';

/** Models, datasets and pairs are offered from one page this large (the API's maximum). */
export const COMPARE_CHOICES_PAGE_SIZE = 200;

/** What is known of one compared model. */
export interface CompareEntry {
  detail: ModelDetailDto | null;
  error: string | null;
  /** Newest completed evaluation; null when none (or the list could not be read). */
  evaluation: EvaluationDto | null;
  /** Every evaluation of the model, newest first ([] until read). */
  evaluations: EvaluationDto[];
}

export type BatchCompareResult = ApiSchema<'BatchCompareResultDto'>;

/** The evaluations "Evaluate all on <dataset>" started, until they end. */
export interface EvaluateAllRun {
  datasetId: string;
  starting: boolean;
  evaluationIds: string[];
  refused: BatchCompareResult['refused'];
  /** Evaluations not finished yet. */
  pending: number;
  error: string | null;
}

/** How often the started evaluations are looked at until they end. */
export const EVALUATE_ALL_POLL_MS = 2000;
const TERMINAL = ['completed', 'failed', 'cancelled'];

export interface Prediction {
  loading: boolean;
  result: SegmentResultDto | null;
  error: string | null;
}

const enc = encodeURIComponent;

/**
 * Owns the calls of the comparison page: the completed models to pick from, each compared
 * model's detail and latest evaluation (loaded once per model), the datasets and pairs to test
 * on, and each model's prediction on the chosen pair.
 */
@Injectable({ providedIn: 'root' })
export class CompareService {
  private readonly http = inject(HttpClient);

  private readonly _choices = signal<ModelDto[] | null>(null);
  private readonly _choicesError = signal<string | null>(null);
  private readonly _entries = signal<Record<string, CompareEntry>>({});
  private readonly _datasets = signal<DatasetDto[] | null>(null);
  private readonly _pairs = signal<PairDto[]>([]);
  private readonly _pairsDatasetId = signal<string | null>(null);
  private readonly _pairsError = signal<string | null>(null);
  private readonly _labels = signal<readonly LabelName[]>([]);
  private readonly _predictions = signal<Record<string, Prediction>>({});
  private readonly _evaluateAll = signal<EvaluateAllRun | null>(null);
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private pairsSub: Subscription | null = null;
  private labelsSub: Subscription | null = null;
  private predictionSubs = new Map<string, Subscription>();

  /** Completed models, newest first; null until loaded. */
  readonly choices = this._choices.asReadonly();
  readonly choicesError = this._choicesError.asReadonly();
  /** By model id. */
  readonly entries = this._entries.asReadonly();
  /** Ready datasets; null until loaded. */
  readonly datasets = this._datasets.asReadonly();
  readonly pairs = this._pairs.asReadonly();
  readonly pairsDatasetId = this._pairsDatasetId.asReadonly();
  readonly pairsError = this._pairsError.asReadonly();
  /** Names of the pairs' dataset's label values ([] until read, or when it names none). */
  readonly labels = this._labels.asReadonly();
  /** By model id: its prediction on the chosen pair. */
  readonly predictions = this._predictions.asReadonly();
  /** The last "Evaluate all on <dataset>"; null before any. */
  readonly evaluateAllRun = this._evaluateAll.asReadonly();

  loadChoices(): void {
    const params = new HttpParams({
      fromObject: { pageSize: COMPARE_CHOICES_PAGE_SIZE, sort: 'createdAt', order: 'desc' },
    });
    this.http.get<Page<ModelDto>>(MODELS_URL, { params }).subscribe({
      next: (page) => {
        this._choices.set(page.items.filter((m) => m.status === 'completed'));
        this._choicesError.set(null);
      },
      error: (error: unknown) => this._choicesError.set(toApiError(error).message),
    });
  }

  /** Loads each model not loaded yet (or that failed to load). */
  loadModels(ids: readonly string[]): void {
    for (const id of ids) {
      const entry = this._entries()[id];
      if (entry && !entry.error) continue;
      this.setEntry(id, { detail: null, error: null, evaluation: null, evaluations: [] });
      this.http.get<ModelDetailDto>(`${MODELS_URL}/${enc(id)}`).subscribe({
        next: (detail) => this.patchEntry(id, { detail }),
        error: (error: unknown) => this.patchEntry(id, { error: toApiError(error).message }),
      });
      this.loadEvaluations(id);
    }
  }

  /** Evaluations are extra: a model without any (or an older gateway) still compares. */
  private loadEvaluations(id: string, done?: (evaluations: EvaluationDto[]) => void): void {
    this.http.get<EvaluationDto[]>(`${MODELS_URL}/${enc(id)}/evaluations`).subscribe({
      next: (evaluations) => {
        this.patchEntry(id, { evaluation: latestCompleted(evaluations), evaluations });
        done?.(evaluations);
      },
      error: () => done?.([]),
    });
  }

  /**
   * Evaluates every model on one dataset (all its pairs) through POST /api/evaluations/batch-compare,
   * then follows the evaluations until they end, so the table can rank like with like.
   */
  evaluateAll(modelIds: readonly string[], datasetId: string): void {
    this.stopPolling();
    this._evaluateAll.set({
      datasetId,
      starting: true,
      evaluationIds: [],
      refused: [],
      pending: 0,
      error: null,
    });
    this.http
      .post<BatchCompareResult>(`${EVALUATIONS_URL}/batch-compare`, { modelIds, datasetId })
      .subscribe({
        next: (result) => {
          const run = {
            datasetId,
            starting: false,
            evaluationIds: result.evaluationIds,
            refused: result.refused,
            pending: result.evaluationIds.length,
            error: null,
          };
          this._evaluateAll.set(run);
          this.poll(
            result.evaluations.map((e) => e.modelId),
            result.evaluationIds,
          );
        },
        error: (error: unknown) =>
          this._evaluateAll.set({
            datasetId,
            starting: false,
            evaluationIds: [],
            refused: [],
            pending: 0,
            error: toApiError(error).message,
          }),
      });
  }

  private poll(modelIds: string[], evaluationIds: string[]): void {
    let answered = 0;
    let pending = 0;
    for (const id of modelIds) {
      this.loadEvaluations(id, (evaluations) => {
        pending += evaluations.filter(
          (e) => evaluationIds.includes(e.id) && !TERMINAL.includes(e.state),
        ).length;
        if (++answered < modelIds.length) return;
        this._evaluateAll.update((run) => (run ? { ...run, pending } : run));
        if (pending > 0)
          this.pollTimer = setTimeout(
            () => this.poll(modelIds, evaluationIds),
            EVALUATE_ALL_POLL_MS,
          );
      });
    }
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  loadDatasets(): void {
    if (this._datasets()) return;
    const params = new HttpParams({
      fromObject: { pageSize: COMPARE_CHOICES_PAGE_SIZE, sort: 'name', order: 'asc' },
    });
    this.http.get<Page<DatasetDto>>(DATASETS_URL, { params }).subscribe({
      next: (page) => this._datasets.set(page.items.filter((d) => d.status === 'ready')),
      error: (error: unknown) => this._pairsError.set(toApiError(error).message),
    });
  }

  loadPairs(datasetId: string): void {
    if (datasetId === this._pairsDatasetId() && this._pairs().length) return;
    this.pairsSub?.unsubscribe();
    this._pairsDatasetId.set(datasetId);
    this._pairs.set([]);
    this._pairsError.set(null);
    const params = new HttpParams({ fromObject: { pageSize: COMPARE_CHOICES_PAGE_SIZE } });
    this.pairsSub = this.http
      .get<Page<PairDto>>(`${DATASETS_URL}/${enc(datasetId)}/pairs`, { params })
      .subscribe({
        next: (page) => this._pairs.set(page.items),
        error: (error: unknown) => this._pairsError.set(toApiError(error).message),
      });
    this.loadLabels(datasetId);
  }

  /** The names are extra: without them the viewers say "label <value>". */
  private loadLabels(datasetId: string): void {
    this.labelsSub?.unsubscribe();
    this._labels.set([]);
    this.labelsSub = this.http
      .get<DatasetDetailDto>(`${DATASETS_URL}/${enc(datasetId)}`)
      .subscribe({ next: (detail) => this._labels.set(detail.labels), error: () => undefined });
  }

  /** Segments one pair with each model, without keeping the results. */
  predict(modelIds: readonly string[], datasetId: string, pairIndex: number): void {
    for (const sub of this.predictionSubs.values()) sub.unsubscribe();
    this.predictionSubs.clear();
    // The viewer shows the picture and the ml-service's own mask: no probability maps needed.
    const params = new HttpParams({ fromObject: { persist: 'false', include: 'image' } });
    this._predictions.set(
      Object.fromEntries(
        modelIds.map((id) => [
          id,
          { loading: true, result: this._predictions()[id]?.result ?? null, error: null },
        ]),
      ),
    );
    for (const id of modelIds) {
      const sub = this.http
        .post<SegmentResultDto>(
          `${MODELS_URL}/${enc(id)}/segment-pair`,
          { datasetId, pairIndex },
          { params },
        )
        .subscribe({
          next: (result) => this.setPrediction(id, { loading: false, result, error: null }),
          error: (error: unknown) =>
            this.setPrediction(id, {
              loading: false,
              result: null,
              error: toApiError(error).message,
            }),
        });
      this.predictionSubs.set(id, sub);
    }
  }

  private setPrediction(id: string, prediction: Prediction): void {
    this._predictions.update((all) => ({ ...all, [id]: prediction }));
  }

  private setEntry(id: string, entry: CompareEntry): void {
    this._entries.update((entries) => ({ ...entries, [id]: entry }));
  }

  private patchEntry(id: string, patch: Partial<CompareEntry>): void {
    this._entries.update((entries) => ({
      ...entries,
      [id]: {
        ...(entries[id] ?? { detail: null, error: null, evaluation: null, evaluations: [] }),
        ...patch,
      },
    }));
  }
}
