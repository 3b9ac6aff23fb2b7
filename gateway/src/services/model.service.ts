import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, HttpException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import {
  type CreateModelDto,
  HYPERPARAMETER_RANGES,
  HyperparametersDto as Defaults,
  type ModelDefaultsDto,
  type ModelDetailDto,
  type ModelDto,
  type ModelListQueryDto,
  type ModelPageDto,
  mapModel,
  mapModelDetail,
} from '../dtos/model.dto';
import { BatchRepository } from '../repositories/batch.repository';
import { DatasetRepository } from '../repositories/dataset.repository';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { JobEventRepository } from '../repositories/job-event.repository';
import { ModelRepository } from '../repositories/model.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import type { SseMessage } from '../util/sse';
import { batchKeys } from './job-keys';
import { JobStreamService } from './job-stream.service';
import { JobWatchService } from './job-watch.service';
import { modelKeys } from './model-keys';
import { TrainingJobHandler } from './training-job.handler';
import { TrainingRequestService } from './training-request.service';

@Injectable()
export class ModelService {
  private readonly logger = new Logger(ModelService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly watch: JobWatchService,
    private readonly training: TrainingJobHandler,
    private readonly requests: TrainingRequestService,
    private readonly jobEvents: JobEventRepository,
    private readonly streams: JobStreamService,
    private readonly evaluations: EvaluationRepository,
    private readonly batches: BatchRepository,
  ) {}

  defaults(): ModelDefaultsDto {
    return { hyperparameters: new Defaults(), ranges: HYPERPARAMETER_RANGES };
  }

  /** Queues a training job on the ml-service; the model row follows it through the watch stream. */
  async create(dto: CreateModelDto): Promise<ModelDto> {
    const hp = dto.hyperparameters;
    const multiple = hp.architecture === 'resunet' ? 32 : 16;
    if (hp.inputSize % multiple !== 0) {
      throw new BadRequestException(`hyperparameters.inputSize must be a multiple of ${multiple} for ${hp.architecture}, got ${hp.inputSize}`);
    }
    const dataset = await this.datasets.getById(dto.datasetId);
    if (!dataset) throw new NotFoundException(`Dataset ${dto.datasetId} not found`);
    if (dataset.status !== 'ready') {
      throw new ConflictException(`Dataset ${dataset.name} is ${dataset.status === 'uploaded' ? 'still being inspected' : 'in error'}; train on a ready dataset`);
    }
    const pairs = await this.datasets.listPairs(dataset.id, 0, Number.MAX_SAFE_INTEGER);
    const stats = JSON.parse(dataset.stats) as { labelValues: number[]; channels: number } | null;
    if (!stats || pairs.length < 2) throw new ConflictException(`Dataset ${dataset.name} has too few pairs to train and validate on (${pairs.length})`);

    const id = randomUUID();
    const row = {
      id,
      name: dto.name.trim(),
      dataset_id: dataset.id,
      s3_bucket: this.storage.bucket,
      s3_key: modelKeys(id).card,
      hyperparameters: JSON.stringify(hp),
      metrics: '{}',
      trained_at: null,
      status: 'training' as const,
      version: await this.models.nextVersion(dto.name.trim()),
      architecture: hp.architecture,
      job_state: 'queued' as const,
      error: null,
      created_at: new Date().toISOString(),
      epochs: hp.epochs,
      best_dice: null,
      classes: JSON.stringify({ labelValues: stats.labelValues, classCount: stats.labelValues.length }),
    };
    const request = await this.requests.build(row, dataset, pairs);
    await this.models.insert(row);
    try {
      const { job } = await this.ml.startTrainingJob(request);
      await this.models.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      // The job never started: no row may claim it is training.
      await this.models.delete(id);
      throw error;
    }
    this.logger.log(`Model ${id}: queued training of ${hp.architecture} on dataset ${dataset.id}`);
    this.watch.attach('training', id);
    return this.get(id);
  }

  async list(query: ModelListQueryDto): Promise<ModelPageDto> {
    const [rows, total] = await Promise.all([
      this.models.list(query.sort, query.order, (query.page - 1) * query.pageSize, query.pageSize),
      this.models.count(),
    ]);
    return { items: rows.map((r) => mapModel(r, r.dataset_name)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<ModelDetailDto> {
    const row = await this.models.getById(id);
    if (!row) throw notFound(id);
    return mapModelDetail(row, row.dataset_name, await this.jobEvents.listEpochs(id));
  }

  /** The model's SSE stream: snapshot (the detail DTO), then its job events. */
  async events(id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.streams.open(id, lastEventId, async () => {
      const row = await this.models.getById(id);
      if (!row) throw notFound(id);
      const value = mapModelDetail(row, row.dataset_name, await this.jobEvents.listEpochs(id));
      return { value, sequence: row.last_sequence, terminal: row.status !== 'training' };
    });
  }

  /**
   * Asks the ml-service to stop the job: after at least one epoch the model completes with its
   * best epoch (stopped early), before that it turns failed ("cancelled").
   */
  async cancel(id: string): Promise<ModelDto> {
    const row = await this.models.getById(id);
    if (!row) throw notFound(id);
    if (row.status !== 'training') throw new ConflictException(`Model ${row.name} is not training (it is ${row.status})`);
    try {
      await this.ml.cancelJob(id);
    } catch (error) {
      if (!(error instanceof HttpException && error.getStatus() === 404)) throw error;
      // The ml-service lost it (restarted): there is nothing left to stop.
      await this.watch.finish('training', id, 'cancelled', 'cancelled_by_user', 'cancelled');
    }
    return this.get(id);
  }

  /**
   * Uploads again the artifacts the ml-service kept after a failed upload (fresh URLs); the model
   * completes. 409 when it did not fail that way, or the ml-service no longer has them.
   */
  async retryUpload(id: string): Promise<ModelDetailDto> {
    const row = await this.models.getById(id);
    if (!row) throw notFound(id);
    if (row.status !== 'failed' || row.reason !== 'storage_error') {
      throw new ConflictException(`Model ${row.name} is ${row.status}${row.reason ? ` (${row.reason})` : ''}; only a model whose upload failed can retry it`);
    }
    let received;
    try {
      received = await this.training.retryUpload(id, row.last_sequence);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 404) {
        throw new ConflictException(`The ml-service no longer keeps the trained weights of model ${row.name}; train it again`);
      }
      throw error;
    }
    await this.watch.recordAll('training', id, received);
    this.logger.log(`Model ${id}: upload retried, completed`);
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const row = await this.models.getById(id);
    if (!row) throw notFound(id);
    if (row.status === 'training') throw new ConflictException(`Model ${row.name} is still training; cancel it first`);
    const [evaluations, batches] = await Promise.all([this.evaluations.listStatesByModel(id), this.batches.listStatesByModel(id)]);
    const active = [...evaluations.map((e) => ({ ...e, kind: 'evaluation' })), ...batches.map((b) => ({ ...b, kind: 'batch' }))].filter(
      (j) => j.state === 'queued' || j.state === 'running',
    );
    if (active.length > 0) {
      throw new ConflictException(`Model ${row.name} has a ${active[0].kind} ${active[0].state} (${active[0].id}); cancel it first`);
    }
    // Batches live outside the model's prefix; evaluations and exports inside it.
    for (const batch of batches) {
      await this.storage.deleteKeys([batchKeys(batch.id).report]);
      await this.storage.deletePrefix(batchKeys(batch.id).prefix);
    }
    const keys = modelKeys(id);
    // The card first: without it a half-deleted prefix is never restored by a resync.
    await this.storage.deleteKeys([keys.card]);
    await this.storage.deletePrefix(keys.prefix);
    await this.models.delete(id);
    this.logger.log(`Model ${id} deleted`);
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Model ${id} not found`);
}
