import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type CreateModelDto,
  type ModelDefaultsDto,
  type ModelDetailDto,
  type ModelDto,
  type ModelListQueryDto,
  type ModelPageDto,
  mapModel,
  mapModelDetail,
} from '../dtos/model.dto';
import { BatchRepository } from '../repositories/batch.repository';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { ModelRepository } from '../repositories/model.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { ModelSourceService } from './model-source.service';
import { PRESIGN_S, batchKeys, modelKeys } from './storage-layout';
import { TrainingDefaultsService, toPb } from './training-defaults.service';
import { TrainingWatchService } from './training-watch.service';

@Injectable()
export class ModelService {
  private readonly logger = new Logger(ModelService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly sources: ModelSourceService,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly watch: TrainingWatchService,
    private readonly evaluations: EvaluationRepository,
    private readonly batches: BatchRepository,
    private readonly rules: TrainingDefaultsService,
  ) {}

  defaults(): Promise<ModelDefaultsDto> {
    return this.rules.get();
  }

  /**
   * Queues a training job on the ml-service; the model row follows it through the watch stream.
   * The ml-service checks the hyper-parameters: its refusal is a 400 and leaves no row.
   */
  async create(dto: CreateModelDto): Promise<ModelDto> {
    const hp = await this.rules.complete(dto.hyperparameters);
    const dataset = await this.sources.ready(dto.datasetId, 'train on');
    const pairs = await this.sources.pairs(dataset.row.id);
    if (pairs.length < 2) throw new ConflictException(`Dataset ${dataset.row.name} has too few pairs to train and validate on (${pairs.length})`);

    const id = randomUUID();
    const keys = modelKeys(id);
    const [source, best, last, card] = await Promise.all([
      this.sources.datasetSource(dataset, pairs, dataset.labelValues, dataset.channels),
      this.storage.presignPut(keys.best, PRESIGN_S.job),
      this.storage.presignPut(keys.last, PRESIGN_S.job),
      this.storage.presignPut(keys.card, PRESIGN_S.job),
    ]);

    const name = dto.name.trim();
    await this.models.insert({
      id,
      name,
      dataset_id: dataset.row.id,
      s3_bucket: this.storage.bucket,
      s3_key: keys.card,
      hyperparameters: hp,
      metrics: null,
      trained_at: null,
      status: 'training',
      version: await this.models.nextVersion(name),
      architecture: hp.architecture,
      job_state: 'queued',
      error: null,
      created_at: new Date().toISOString(),
      epochs: hp.epochs,
      best_dice: null,
      classes: { labelValues: dataset.labelValues, classCount: dataset.labelValues.length },
    });
    try {
      const { job } = await this.ml.startTrainingJob({
        jobId: id,
        modelName: name,
        hyperparameters: toPb(hp),
        dataset: source,
        artifacts: { bestWeightsUrl: best, lastWeightsUrl: last, cardUrl: card },
      });
      await this.models.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      // The job never started: no row may claim it is training.
      await this.models.delete(id);
      throw error;
    }
    this.logger.log(`Model ${id}: queued training of ${hp.architecture} on dataset ${dataset.row.id}`);
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
    const history = await this.models.listEpochs(id);
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
    // The card and run record first: without them a half-deleted prefix is never restored by a resync.
    await this.storage.deleteKeys([keys.card, keys.run]);
    await this.storage.deletePrefix(keys.prefix);
    await this.models.delete(id);
    this.logger.log(`Model ${id} deleted`);
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Model ${id} not found`);
}
