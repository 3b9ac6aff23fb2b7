import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { firstValueFrom, type Observable, timeout, TimeoutError } from 'rxjs';
import { type CallOptions, type ClientReadableStream, type Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { GatewayConfig } from '../config';
import {
  type GetInfoResponse,
  SYSTEM_SERVICE_NAME,
  type SystemServiceClient,
} from '../generated/medseg/v1/system_service';
import {
  DATASET_SERVICE_NAME,
  type InspectDatasetRequest,
  type InspectDatasetResponse,
} from '../generated/medseg/v1/dataset_service';
import {
  type CancelTrainingJobResponse,
  type GetTrainingDefaultsResponse,
  type ListTrainingJobsResponse,
  type StartTrainingJobRequest,
  type StartTrainingJobResponse,
  TRAINING_SERVICE_NAME,
  type TrainingServiceClient,
  type WatchTrainingJobRequest,
  type WatchTrainingJobResponse,
} from '../generated/medseg/v1/training_service';
import {
  INFERENCE_SERVICE_NAME,
  type InferenceServiceClient,
  type LoadModelResponse,
  type ModelSource,
  type SegmentRequest,
  type SegmentResponse,
} from '../generated/medseg/v1/inference_service';
import {
  type CancelJobResponse,
  EVALUATION_SERVICE_NAME,
  type EvaluationServiceClient,
  type ExportModelRequest,
  type ExportModelResponse,
  type ListJobsResponse,
  type StartBatchJobRequest,
  type StartBatchJobResponse,
  type StartEvaluationJobRequest,
  type StartEvaluationJobResponse,
  type WatchJobRequest,
  type WatchJobResponse,
} from '../generated/medseg/v1/evaluation_service';
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

  constructor(
    @Inject(ML_CLIENT) private readonly client: ClientGrpc,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.system = this.client.getService<SystemServiceClient>(SYSTEM_SERVICE_NAME);
    this.training = this.client.getService<TrainingServiceClient>(TRAINING_SERVICE_NAME);
    this.inference = this.client.getService<InferenceServiceClient>(INFERENCE_SERVICE_NAME);
    this.evaluation = this.client.getService<EvaluationServiceClient>(EVALUATION_SERVICE_NAME);
  }

  get url(): string {
    return this.config.mlServiceUrl;
  }

  getInfo(timeoutMs = this.config.mlTimeoutMs): Promise<GetInfoResponse> {
    return this.unary(this.system.getInfo({}), timeoutMs);
  }

  /** Loading may download weights: it gets a minute, not the default deadline. */
  loadModel(model: ModelSource): Promise<LoadModelResponse> {
    return this.unary(this.inference.loadModel({ model }), Math.max(60_000, this.config.mlTimeoutMs));
  }

  segment(request: SegmentRequest): Promise<SegmentResponse> {
    return this.unary(this.inference.segment(request), Math.max(60_000, this.config.mlTimeoutMs));
  }

  startTrainingJob(request: StartTrainingJobRequest): Promise<StartTrainingJobResponse> {
    return this.unary(this.training.startTrainingJob(request), this.config.mlTimeoutMs);
  }

  cancelTrainingJob(jobId: string): Promise<CancelTrainingJobResponse> {
    return this.unary(this.training.cancelTrainingJob({ jobId }), this.config.mlTimeoutMs);
  }

  getTrainingDefaults(): Promise<GetTrainingDefaultsResponse> {
    return this.unary(this.training.getTrainingDefaults({}), this.config.mlTimeoutMs);
  }

  listTrainingJobs(): Promise<ListTrainingJobsResponse> {
    return this.unary(this.training.listTrainingJobs({}), this.config.mlTimeoutMs);
  }

  /** Past events after `afterSequence`, then live ones, until the job ends. */
  watchTrainingJob(request: WatchTrainingJobRequest, signal?: AbortSignal): AsyncIterable<WatchTrainingJobResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<WatchTrainingJobRequest>>(TRAINING_SERVICE_NAME);
    return this.stream<WatchTrainingJobResponse>(() => stub.watchTrainingJob(request), signal);
  }

  startEvaluationJob(request: StartEvaluationJobRequest): Promise<StartEvaluationJobResponse> {
    return this.unary(this.evaluation.startEvaluationJob(request), this.config.mlTimeoutMs);
  }

  startBatchJob(request: StartBatchJobRequest): Promise<StartBatchJobResponse> {
    return this.unary(this.evaluation.startBatchJob(request), this.config.mlTimeoutMs);
  }

  cancelJob(jobId: string): Promise<CancelJobResponse> {
    return this.unary(this.evaluation.cancelJob({ jobId }), this.config.mlTimeoutMs);
  }

  listJobs(): Promise<ListJobsResponse> {
    return this.unary(this.evaluation.listJobs({}), this.config.mlTimeoutMs);
  }

  /** Events of an evaluation or batch job after `afterSequence`, then live ones, until it ends. */
  watchJob(request: WatchJobRequest, signal?: AbortSignal): AsyncIterable<WatchJobResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<WatchJobRequest>>(EVALUATION_SERVICE_NAME);
    return this.stream<WatchJobResponse>(() => stub.watchJob(request), signal);
  }

  /** Exporting traces, converts and verifies the network: minutes at most, not the default deadline. */
  exportModel(request: ExportModelRequest): Promise<ExportModelResponse> {
    return this.unary(this.evaluation.exportModel(request), Math.max(300_000, this.config.mlTimeoutMs));
  }

  /**
   * Streams the inspection of an archive. Breaking out of the loop or aborting `signal` cancels
   * the call on the ml-service.
   */
  inspectDataset(request: InspectDatasetRequest, signal?: AbortSignal): AsyncIterable<InspectDatasetResponse> {
    const stub = this.client.getClientByServiceName<RawStreamingStub<InspectDatasetRequest>>(DATASET_SERVICE_NAME);
    return this.stream<InspectDatasetResponse>(() => stub.inspectDataset(request), signal);
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
