import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { firstValueFrom, type Observable, timeout, TimeoutError } from 'rxjs';
import { type CallOptions, type ClientReadableStream, type Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { GatewayConfig } from '../config';
import {
  type GetInfoResponse,
  type GetMetricsResponse,
  SYSTEM_SERVICE_NAME,
  type SystemServiceClient,
} from '../generated/medseg/v1/system_service';
import {
  DATASET_SERVICE_NAME,
  type DatasetServiceClient,
  type DatasetStats,
  type InspectDatasetRequest,
  type InspectDatasetResponse,
  type PrepareAnnotationRequest,
  type PrepareAnnotationResponse,
} from '../generated/medseg/v1/dataset_service';
import {
  type GetTrainingDefaultsResponse,
  type RetryTrainingUploadRequest,
  type RetryTrainingUploadResponse,
  type StartTrainingJobRequest,
  type StartTrainingJobResponse,
  TRAINING_SERVICE_NAME,
  type TrainingServiceClient,
} from '../generated/medseg/v1/training_service';
import {
  INFERENCE_SERVICE_NAME,
  type InferenceServiceClient,
  type LoadModelResponse,
  type RankCasesRequest,
  type RankCasesResponse,
  type SegmentRequest,
  type SegmentResponse,
  type SegmentVolumeRequest,
  type SegmentVolumeResponse,
} from '../generated/medseg/v1/inference_service';
import type { ModelSource } from '../generated/medseg/v1/sources';
import type { DatasetFingerprint } from '../generated/medseg/v1/volume';
import { JobKind } from '../generated/medseg/v1/job';
import {
  type CancelJobResponse,
  JOB_SERVICE_NAME,
  type JobServiceClient,
  type ListJobsResponse,
  type WatchJobRequest,
  type WatchJobResponse,
} from '../generated/medseg/v1/job_service';
import {
  EVALUATION_SERVICE_NAME,
  type EvaluationServiceClient,
  type StartEvaluationJobRequest,
  type StartEvaluationJobResponse,
} from '../generated/medseg/v1/evaluation_service';
import {
  BATCH_SERVICE_NAME,
  type BatchServiceClient,
  type StartBatchJobRequest,
  type StartBatchJobResponse,
} from '../generated/medseg/v1/batch_service';
import {
  EXPORT_SERVICE_NAME,
  type ExportModelRequest,
  type ExportModelResponse,
  type ExportServiceClient,
} from '../generated/medseg/v1/export_service';
import {
  type CloseSessionRequest,
  type OpenSessionRequest,
  type OpenSessionResponse,
  type PromptRequest,
  type PromptResponse,
  SESSION_SERVICE_NAME,
  type SessionServiceClient,
} from '../generated/medseg/v1/session_service';
import { CONFIG, ML_CLIENT } from '../tokens';

/**
 * The raw grpc-js stub of a service, for server-streaming calls: its Readable stream gives
 * back-pressure (the ml-service waits while we store what it sent), which Nest's Observables don't.
 */
interface RawStreamingStub<Req> {
  [method: string]: (request: Req, metadata?: Metadata, options?: CallOptions) => ClientReadableStream<unknown>;
}
import { mapGrpcError } from './grpc-error';

/** Typed promises over the ml-service's gRPC API; services never see rxjs or gRPC errors. */
@Injectable()
export class MlRepository implements OnModuleInit {
  private system!: SystemServiceClient;
  private training!: TrainingServiceClient;
  private inference!: InferenceServiceClient;
  private evaluation!: EvaluationServiceClient;
  private batch!: BatchServiceClient;
  private export!: ExportServiceClient;
  private jobs!: JobServiceClient;
  private dataset!: DatasetServiceClient;
  private sessions!: SessionServiceClient;

  constructor(
    @Inject(ML_CLIENT) private readonly client: ClientGrpc,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.system = this.client.getService<SystemServiceClient>(SYSTEM_SERVICE_NAME);
    this.training = this.client.getService<TrainingServiceClient>(TRAINING_SERVICE_NAME);
    this.inference = this.client.getService<InferenceServiceClient>(INFERENCE_SERVICE_NAME);
    this.evaluation = this.client.getService<EvaluationServiceClient>(EVALUATION_SERVICE_NAME);
    this.batch = this.client.getService<BatchServiceClient>(BATCH_SERVICE_NAME);
    this.export = this.client.getService<ExportServiceClient>(EXPORT_SERVICE_NAME);
    this.jobs = this.client.getService<JobServiceClient>(JOB_SERVICE_NAME);
    this.dataset = this.client.getService<DatasetServiceClient>(DATASET_SERVICE_NAME);
    this.sessions = this.client.getService<SessionServiceClient>(SESSION_SERVICE_NAME);
  }

  get url(): string {
    return this.config.mlServiceUrl;
  }

  getInfo(timeoutMs = this.config.mlTimeoutMs): Promise<GetInfoResponse> {
    return this.unary(this.system.getInfo({}), timeoutMs);
  }

  /** Prometheus text of the ml-service's metrics (GET /metrics appends it). */
  getMetrics(timeoutMs = this.config.mlTimeoutMs): Promise<GetMetricsResponse> {
    return this.unary(this.system.getMetrics({}), timeoutMs);
  }

  /** Loading may download weights: it gets a minute, not the default deadline. */
  loadModel(model: ModelSource): Promise<LoadModelResponse> {
    return this.unary(this.inference.loadModel({ model }), Math.max(60_000, this.config.mlTimeoutMs));
  }

  segment(request: SegmentRequest): Promise<SegmentResponse> {
    return this.unary(this.inference.segment(request), Math.max(60_000, this.config.mlTimeoutMs));
  }

  /**
   * Segments a whole volume: progress events, then one result. No deadline (a large volume on a CPU
   * takes minutes); aborting `signal` (the browser went away) cancels it on the ml-service.
   */
  segmentVolume(request: SegmentVolumeRequest, signal?: AbortSignal): AsyncIterable<SegmentVolumeResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<SegmentVolumeRequest>>(INFERENCE_SERVICE_NAME);
    return this.stream<SegmentVolumeResponse>(() => stub.segmentVolume(request), signal);
  }

  /** Queues a training job, or resumes one from its last epoch checkpoint (`resume`). */
  startTrainingJob(request: StartTrainingJobRequest): Promise<StartTrainingJobResponse> {
    return this.unary(this.training.startTrainingJob(request), this.config.mlTimeoutMs);
  }

  /** With a dataset's fingerprint, the answer carries unet_3d's defaults for it (volumeDefaults). */
  getTrainingDefaults(dataset: { fingerprint?: DatasetFingerprint; stats?: DatasetStats } = {}): Promise<GetTrainingDefaultsResponse> {
    return this.unary(this.training.getTrainingDefaults({ fingerprint: dataset.fingerprint, stats: dataset.stats }), this.config.mlTimeoutMs);
  }

  /** Uploading two weight files may take a while: minutes at most, not the default deadline. */
  retryTrainingUpload(request: RetryTrainingUploadRequest): Promise<RetryTrainingUploadResponse> {
    return this.unary(this.training.retryTrainingUpload(request), Math.max(300_000, this.config.mlTimeoutMs));
  }

  startEvaluationJob(request: StartEvaluationJobRequest): Promise<StartEvaluationJobResponse> {
    return this.unary(this.evaluation.startEvaluationJob(request), this.config.mlTimeoutMs);
  }

  startBatchJob(request: StartBatchJobRequest): Promise<StartBatchJobResponse> {
    return this.unary(this.batch.startBatchJob(request), this.config.mlTimeoutMs);
  }

  /** Cancels a job of any kind. */
  cancelJob(jobId: string): Promise<CancelJobResponse> {
    return this.unary(this.jobs.cancelJob({ jobId }), this.config.mlTimeoutMs);
  }

  /** Jobs of one kind the ml-service knows (all kinds by default). */
  listJobs(kind: JobKind = JobKind.JOB_KIND_UNSPECIFIED): Promise<ListJobsResponse> {
    return this.unary(this.jobs.listJobs({ kind }), this.config.mlTimeoutMs);
  }

  /** Events of a job of any kind after `afterSequence` (past ones first), then live ones, until it ends. */
  watchJob(request: WatchJobRequest, signal?: AbortSignal): AsyncIterable<WatchJobResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<WatchJobRequest>>(JOB_SERVICE_NAME);
    return this.stream<WatchJobResponse>(() => stub.watchJob(request), signal);
  }

  /** Exporting traces, converts and verifies the network: minutes at most, not the default deadline. */
  exportModel(request: ExportModelRequest): Promise<ExportModelResponse> {
    return this.unary(this.export.exportModel(request), Math.max(300_000, this.config.mlTimeoutMs));
  }

  /**
   * Streams the inspection of an archive. Breaking out of the loop or aborting `signal` cancels
   * the call on the ml-service.
   */
  inspectDataset(request: InspectDatasetRequest, signal?: AbortSignal): AsyncIterable<InspectDatasetResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<InspectDatasetRequest>>(DATASET_SERVICE_NAME);
    return this.stream<InspectDatasetResponse>(() => stub.inspectDataset(request), signal);
  }

  /**
   * Checks a saved mask against its case and derives what a version stores (NIfTI, PNG, mask shard,
   * statistics). Decoding a large volume takes a while: a minute at least, not the default deadline.
   */
  prepareAnnotation(request: PrepareAnnotationRequest): Promise<PrepareAnnotationResponse> {
    return this.unary(this.dataset.prepareAnnotation(request), Math.max(60_000, this.config.mlTimeoutMs));
  }

  /** Decodes, prepares and segments the image once; a minute at least, as Segment (it may load the model). */
  openSession(request: OpenSessionRequest): Promise<OpenSessionResponse> {
    return this.unary(this.sessions.openSession(request), Math.max(60_000, this.config.mlTimeoutMs));
  }

  /** One interaction: a 3D model re-segments the whole volume, which on a CPU may take seconds. */
  prompt(request: PromptRequest): Promise<PromptResponse> {
    return this.unary(this.sessions.prompt(request), Math.max(60_000, this.config.mlTimeoutMs));
  }

  async closeSession(request: CloseSessionRequest): Promise<void> {
    await this.unary(this.sessions.closeSession(request), this.config.mlTimeoutMs);
  }

  /** Scores how unsure a model is of each case: progress events, then one event per case. */
  rankCases(request: RankCasesRequest, signal?: AbortSignal): AsyncIterable<RankCasesResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<RankCasesRequest>>(INFERENCE_SERVICE_NAME);
    return this.stream<RankCasesResponse>(() => stub.rankCases(request), signal);
  }

  private async *stream<T>(open: () => ClientReadableStream<unknown>, signal?: AbortSignal): AsyncIterable<T> {
    const call = open();
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const message of call) yield message as T;
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw mapGrpcError(error, this.config.mlServiceUrl);
    } finally {
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  private async unary<T>(call: Observable<T>, timeoutMs: number): Promise<T> {
    try {
      // Unsubscribing on timeout cancels the underlying gRPC call.
      return await firstValueFrom(call.pipe(timeout(timeoutMs)));
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw mapGrpcError({ code: GrpcStatus.DEADLINE_EXCEEDED }, this.config.mlServiceUrl);
      }
      throw mapGrpcError(error, this.config.mlServiceUrl);
    }
  }
}
