import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type CreateModelDto,
  type EpochDto,
  HYPERPARAMETER_RANGES,
  type HyperparametersDto,
  HyperparametersDto as Defaults,
  type ModelDefaultsDto,
  type ModelDetailDto,
  type ModelDto,
  type ModelListQueryDto,
  type ModelPageDto,
  mapModel,
  mapModelDetail,
} from '../dtos/model.dto';
import {
  Architecture,
  LossFunction,
  Optimizer,
  type Hyperparameters as PbHyperparameters,
} from '../generated/medseg/v1/training_service';
import { BatchRepository } from '../repositories/batch.repository';
import { DatasetRepository } from '../repositories/dataset.repository';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { ModelRepository } from '../repositories/model.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { batchKeys } from './job-keys';
import { modelKeys } from './model-keys';
import { TrainingWatchService } from './training-watch.service';

// A queued job may wait behind others for a long time; SigV4 URLs live at most 7 days.
const PRESIGN_S = 7 * 24 * 3600;

const ARCHITECTURE_PB = {
  unet: Architecture.ARCHITECTURE_UNET,
  attention_unet: Architecture.ARCHITECTURE_ATTENTION_UNET,
  resunet: Architecture.ARCHITECTURE_RESUNET,
} as const;
const OPTIMIZER_PB = { adam: Optimizer.OPTIMIZER_ADAM, adamw: Optimizer.OPTIMIZER_ADAMW, sgd: Optimizer.OPTIMIZER_SGD } as const;
const LOSS_PB = {
  dice_ce: LossFunction.LOSS_FUNCTION_DICE_CE,
  dice: LossFunction.LOSS_FUNCTION_DICE,
  cross_entropy: LossFunction.LOSS_FUNCTION_CROSS_ENTROPY,
} as const;

@Injectable()
export class ModelService {
  private readonly logger = new Logger(ModelService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly watch: TrainingWatchService,
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
    const keys = modelKeys(id);
    const shardKeys = [...new Set(pairs.map((p) => p.shard_key))];
    const prefix = `datasets/${dataset.id}/`;
    const [shards, best, last, card] = await Promise.all([
      Promise.all(shardKeys.map(async (key) => ({ path: key.slice(prefix.length), url: await this.storage.presignGet(key, PRESIGN_S) }))),
      this.storage.presignPut(keys.best, PRESIGN_S),
      this.storage.presignPut(keys.last, PRESIGN_S),
      this.storage.presignPut(keys.card, PRESIGN_S),
    ]);

    await this.models.insert({
      id,
      name: dto.name.trim(),
      dataset_id: dataset.id,
      s3_bucket: this.storage.bucket,
      s3_key: keys.card,
      hyperparameters: JSON.stringify(hp),
      metrics: '{}',
      trained_at: null,
      status: 'training',
      version: await this.models.nextVersion(dto.name.trim()),
      architecture: hp.architecture,
      job_state: 'queued',
      error: null,
      created_at: new Date().toISOString(),
      epochs: hp.epochs,
      best_dice: null,
      classes: JSON.stringify({ labelValues: stats.labelValues, classCount: stats.labelValues.length }),
    });
    try {
      const { job } = await this.ml.startTrainingJob({
        jobId: id,
        modelName: dto.name.trim(),
        hyperparameters: toPb(hp),
        dataset: {
          datasetId: dataset.id,
          shards,
          pairs: pairs.map((p) => ({
            index: p.idx,
            name: p.name,
            volume: p.volume,
            sliceIndex: p.slice_index,
            shardPath: p.shard_key.slice(prefix.length),
          })),
          labelValues: stats.labelValues,
          channels: stats.channels,
        },
        artifacts: { bestWeightsUrl: best, lastWeightsUrl: last, cardUrl: card },
      });
      await this.models.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      // The job never started: no row may claim it is training.
      await this.models.delete(id);
      throw error;
    }
    this.logger.log(`Model ${id}: queued training of ${hp.architecture} on dataset ${dataset.id}`);
    this.watch.attach(id);
    return this.get(id);
  }

  async list(query: ModelListQueryDto): Promise<ModelPageDto> {
    const [rows, total] = await Promise.all([
      this.models.list(query.sort, query.order, (query.page - 1) * query.pageSize, query.pageSize, query),
      this.models.count(query),
    ]);
    return { items: rows.map((r) => mapModel(r, r.dataset_name)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<ModelDetailDto> {
    const row = await this.models.getById(id);
    if (!row) throw notFound(id);
    const history = (await this.models.listEpochs(id)).map((e) => JSON.parse(e.metrics) as EpochDto);
    return mapModelDetail(row, row.dataset_name, history);
  }

  /** Asks the ml-service to stop the job; the model turns failed ("cancelled") when it has. */
  async cancel(id: string): Promise<ModelDto> {
    const row = await this.models.getById(id);
    if (!row) throw notFound(id);
    if (row.status !== 'training') throw new ConflictException(`Model ${row.name} is not training (it is ${row.status})`);
    await this.ml.cancelTrainingJob(id);
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

function toPb(hp: HyperparametersDto): PbHyperparameters {
  return {
    epochs: hp.epochs,
    learningRate: hp.learningRate,
    batchSize: hp.batchSize,
    architecture: ARCHITECTURE_PB[hp.architecture],
    inputSize: hp.inputSize,
    validationFraction: hp.validationFraction,
    augmentation: hp.augmentation,
    optimizer: OPTIMIZER_PB[hp.optimizer],
    loss: LOSS_PB[hp.loss],
    seed: hp.seed,
    depth: hp.depth,
    baseChannels: hp.baseChannels,
    encoderDepth: hp.encoderDepth,
  };
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Model ${id} not found`);
}
