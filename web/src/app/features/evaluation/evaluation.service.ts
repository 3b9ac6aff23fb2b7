import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { type Observable, type Subscription, firstValueFrom } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { EVENT_SOURCE_FACTORY } from '../../shared/jobs/job-event-source';
import { type LoadError, toResult } from '../../shared/load-result';
import { type OwnerFilter } from '../../shared/ownership/ownership.model';
import { queryParams } from '../../shared/query-params';
import { XHR_FACTORY, type XhrUploadEvent, xhrUpload } from '../../shared/xhr-upload';
import { type SegmentResultDto, type VolumeResultDto } from '../inference/inference.model';
import { MODELS_URL } from '../../shared/api-urls';
import {
  type BatchDto,
  type CreateEvaluationBody,
  type EvaluationDto,
  type EvaluationImageDto,
  type ExportFormat,
} from './evaluation.model';
import { JobStream } from '../../shared/jobs/job-stream';

export const EVALUATIONS_URL = '/api/evaluations';
export const BATCHES_URL = '/api/batches';

const enc = encodeURIComponent;

export function exportUrl(modelId: string, format: ExportFormat): string {
  return `${MODELS_URL}/${enc(modelId)}/export?format=${format}`;
}

export function evaluationReportUrl(id: string): string {
  return `${EVALUATIONS_URL}/${enc(id)}/report`;
}

export function batchFileUrl(id: string, file: 'masks' | 'results.csv' | 'report'): string {
  return `${BATCHES_URL}/${enc(id)}/${file}`;
}

/**
 * Owns every call about evaluations and batch inference: starting them from a model, the open
 * evaluation (live, with its per-image table) and the open batch (live), and the lists of a
 * model's jobs. State is readonly signals.
 */
@Injectable({ providedIn: 'root' })
export class EvaluationService {
  private readonly http = inject(HttpClient);
  private readonly createXhr = inject(XHR_FACTORY);
  private readonly openEventSource = inject(EVENT_SOURCE_FACTORY);

  /** The open evaluation; its images load once it has completed. */
  readonly evaluation = new JobStream<EvaluationDto>(
    this.http,
    this.openEventSource,
    EVALUATIONS_URL,
    (evaluation) => {
      if (evaluation.state === 'completed' && this.imagesFor !== evaluation.id) {
        this.loadImages(evaluation.id);
      }
    },
  );
  /** The open batch. */
  readonly batch = new JobStream<BatchDto>(this.http, this.openEventSource, BATCHES_URL);

  private readonly _images = signal<EvaluationImageDto[] | null>(null);
  private readonly _imagesError = signal<string | null>(null);
  private imagesFor: string | null = null;
  private imagesSub: Subscription | null = null;
  /** Per-image metrics of the open evaluation, worst Dice first; null until loaded. */
  readonly images = this._images.asReadonly();
  readonly imagesError = this._imagesError.asReadonly();

  private readonly _modelJobsId = signal<string | null>(null);
  private readonly _modelEvaluations = signal<EvaluationDto[] | null>(null);
  private readonly _modelBatches = signal<BatchDto[] | null>(null);
  private readonly _modelJobsError = signal<LoadError | null>(null);
  private modelJobsSub: Subscription[] = [];
  readonly modelJobsId = this._modelJobsId.asReadonly();
  /** Evaluations of the model shown on its page, newest first; null until loaded. */
  readonly modelEvaluations = this._modelEvaluations.asReadonly();
  readonly modelBatches = this._modelBatches.asReadonly();
  readonly modelJobsError = this._modelJobsError.asReadonly();
  private readonly _modelJobsOwner = signal<OwnerFilter>('');
  /** Whose evaluations and batches the model page lists: `me`, `others` or '' for all. */
  readonly modelJobsOwner = this._modelJobsOwner.asReadonly();

  openEvaluation(id: string): void {
    if (id !== this.imagesFor) {
      this.imagesSub?.unsubscribe();
      this.imagesFor = null;
      this._images.set(null);
      this._imagesError.set(null);
    }
    this.evaluation.open(id);
  }

  loadImages(id: string): void {
    this.imagesSub?.unsubscribe();
    this.imagesFor = id;
    this._imagesError.set(null);
    this.imagesSub = this.http
      .get<EvaluationImageDto[]>(`${EVALUATIONS_URL}/${enc(id)}/images`)
      .subscribe({
        next: (images) => this._images.set(images),
        error: (error: unknown) => this._imagesError.set(toApiError(error).message),
      });
  }

  /** Lists only one's own evaluations and batches of the open model, or others', or all. */
  setModelJobsOwner(owner: OwnerFilter): void {
    this._modelJobsOwner.set(owner);
    const id = this._modelJobsId();
    if (id) this.loadModelJobs(id);
  }

  /** Loads the evaluations and batches of one model (its detail page). */
  loadModelJobs(modelId: string, options: { quiet?: boolean } = {}): void {
    if (modelId !== this._modelJobsId()) {
      this._modelJobsId.set(modelId);
      this._modelEvaluations.set(null);
      this._modelBatches.set(null);
    }
    if (!options.quiet) this._modelJobsError.set(null);
    this.modelJobsSub.forEach((s) => s.unsubscribe());
    const base = `${MODELS_URL}/${enc(modelId)}`;
    const params = queryParams({ owner: this._modelJobsOwner() });
    this.modelJobsSub = [
      toResult(this.http.get<EvaluationDto[]>(`${base}/evaluations`, { params })).subscribe(
        (result) => {
          if (result.ok) this._modelEvaluations.set(result.value);
          else this._modelJobsError.set(result.error);
        },
      ),
      toResult(this.http.get<BatchDto[]>(`${base}/batches`, { params })).subscribe((result) => {
        if (result.ok) this._modelBatches.set(result.value);
        else this._modelJobsError.set(result.error);
      }),
    ];
  }

  /** Starts an evaluation; rejects with an ApiError (400 labels differ, 409 not ready). */
  async createEvaluation(modelId: string, body: CreateEvaluationBody): Promise<EvaluationDto> {
    try {
      return await firstValueFrom(
        this.http.post<EvaluationDto>(`${MODELS_URL}/${enc(modelId)}/evaluations`, body),
      );
    } catch (error) {
      throw toApiError(error);
    }
  }

  async createDatasetBatch(modelId: string, datasetId: string): Promise<BatchDto> {
    try {
      return await firstValueFrom(
        this.http.post<BatchDto>(`${MODELS_URL}/${enc(modelId)}/batches`, { datasetId }),
      );
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Uploads a ZIP of images as the multipart field `file`, with byte progress. */
  uploadBatch(modelId: string, file: File): Observable<XhrUploadEvent<BatchDto>> {
    const body = new FormData();
    body.append('archive', file, file.name);
    return xhrUpload<BatchDto>(this.createXhr, `${MODELS_URL}/${enc(modelId)}/batches`, body);
  }

  async cancelEvaluation(id: string): Promise<EvaluationDto> {
    let evaluation: EvaluationDto;
    try {
      evaluation = await firstValueFrom(
        this.http.post<EvaluationDto>(`${EVALUATIONS_URL}/${enc(id)}/cancel`, {}),
      );
    } catch (error) {
      throw toApiError(error);
    }
    this.evaluation.patch(evaluation);
    return evaluation;
  }

  async cancelBatch(id: string): Promise<BatchDto> {
    let batch: BatchDto;
    try {
      batch = await firstValueFrom(
        this.http.post<BatchDto>(`${BATCHES_URL}/${enc(id)}/cancel`, {}),
      );
    } catch (error) {
      throw toApiError(error);
    }
    this.batch.patch(batch);
    return batch;
  }

  /** Deletes a finished evaluation and its report; rejects with an ApiError (409 while it runs). */
  async deleteEvaluation(id: string): Promise<void> {
    try {
      await firstValueFrom(this.http.delete(`${EVALUATIONS_URL}/${enc(id)}`), {
        defaultValue: null,
      });
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Deletes a finished batch and its outputs; rejects with an ApiError (409 while it runs). */
  async deleteBatch(id: string): Promise<void> {
    try {
      await firstValueFrom(this.http.delete(`${BATCHES_URL}/${enc(id)}`), { defaultValue: null });
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** One pair of a dataset segmented without keeping the result: image, mask, truth, Dice. */
  segmentPair(modelId: string, datasetId: string, pairIndex: number): Observable<SegmentResultDto> {
    // The viewer shows the picture and the ml-service's own mask: no probability maps needed.
    const params = new HttpParams({ fromObject: { persist: 'false', include: 'image' } });
    return this.http.post<SegmentResultDto>(
      `${MODELS_URL}/${enc(modelId)}/segment-pair`,
      { datasetId, pairIndex },
      { params },
    );
  }

  /**
   * One case of a dataset segmented whole and scored against its mask; the gateway keeps it as an
   * inference result (its viewer files are `/api/inference-results/:id/volume/*`).
   */
  segmentCase(modelId: string, datasetId: string, caseIndex: number): Observable<VolumeResultDto> {
    return this.http.post<VolumeResultDto>(`${MODELS_URL}/${enc(modelId)}/segment-case`, {
      datasetId,
      caseIndex,
    });
  }
}
