import { randomUUID } from 'node:crypto';
import { ConflictException, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Caller } from '../auth/caller';
import type { NewModelRow } from '../db/schema';
import {
  type CreateModelDto,
  type FineTuneDto,
  type HyperparametersDto,
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
import { JobEventRepository } from '../repositories/job-event.repository';
import { ModelRepository } from '../repositories/model.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import type { SseMessage } from '../util/sse';
import { InferenceResultService } from './inference-result.service';
import { AuditService } from './audit.service';
import { JobStreamService } from './job-stream.service';
import { JobWatchService } from './job-watch.service';
import { ModelSourceService, type ReadyDataset } from './model-source.service';
import type { ModelSource } from '../generated/medseg/v1/sources';
import { batchKeys, modelKeys } from './storage-layout';
import { type ModelOriginRecord, ORIGIN_FORMAT } from './model-origin';

/** What the auto fine-tune rule tells a fine-tune it queues (models/<id>/origin.json). */
export type AutoFineTuneOrigin = Pick<ModelOriginRecord, 'ruleModelId' | 'newMasks' | 'sinceVersion'>;
import { profileOf, TrainingDefaultsService } from './training-defaults.service';
import { TrainingJobHandler } from './training-job.handler';
import { TrainingRequestService } from './training-request.service';
import type { Visibility } from '../dtos/owner.dto';
import { scopeOf } from './access/access-rules';
import { ResourceAccess } from './access/resource-access.service';
import { SharingService } from './access/sharing.service';

@Injectable()
export class ModelService {
  private readonly logger = new Logger(ModelService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly sources: ModelSourceService,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly watch: JobWatchService,
    private readonly training: TrainingJobHandler,
    private readonly requests: TrainingRequestService,
    private readonly jobEvents: JobEventRepository,
    private readonly streams: JobStreamService,
    private readonly evaluations: EvaluationRepository,
    private readonly batches: BatchRepository,
    private readonly rules: TrainingDefaultsService,
    private readonly inferenceResults: InferenceResultService,
    private readonly audit: AuditService,
    private readonly access: ResourceAccess,
    private readonly sharing: SharingService,
  ) {}

  defaults(): Promise<ModelDefaultsDto> {
    return this.rules.get();
  }

  /**
   * Queues a training job on the ml-service; the model row follows it through the watch stream.
   * The ml-service checks the hyper-parameters: its refusal is a 400 and leaves no row.
   */
  async create(caller: Caller, dto: CreateModelDto): Promise<ModelDto> {
    const dataset = await this.sources.ready(caller, dto.datasetId, 'train on');
    const hp = await this.rules.complete(dto.hyperparameters, profileOf(dataset.row));
    return this.queue(caller, dto.name.trim(), dataset, hp, dto.datasetVersion, null);
  }

  /**
   * Queues a child of a completed model (hitl contract): same name (so the next version of it), same
   * architecture and hyper-parameters, half the epochs by default, on a newer dataset version, its
   * weights starting from the parent's (init_from). The parent's learning rate, not a lower one:
   * scripts/bench/annotate measured a quarter of the epochs at a tenth of the rate leaving the
   * proposals where the parent had them.
   */
  async fineTune(caller: Caller, parentId: string, dto: FineTuneDto, auto?: AutoFineTuneOrigin): Promise<ModelDto> {
    const parent = await this.sources.completed(caller, parentId, 'fine-tune');
    const dataset = await this.sources.ready(caller, parent.row.dataset_id, 'fine-tune on');
    const base = parent.row.hyperparameters;
    const hp = {
      ...base,
      epochs: dto.epochs ?? Math.max(1, Math.round(base.epochs / 2)),
      learningRate: dto.learningRate ?? base.learningRate,
    };
    return this.queue(caller, parent.row.name, dataset, hp, dto.datasetVersion, parent.source, auto);
  }

  /**
   * Queues a training job on the ml-service; the model row follows it through the watch stream.
   * The ml-service checks the hyper-parameters: its refusal is a 400 and leaves no row.
   */
  private async queue(
    caller: Caller,
    name: string,
    dataset: ReadyDataset,
    hp: HyperparametersDto,
    datasetVersion: number | undefined,
    parent: ModelSource | null,
    auto?: AutoFineTuneOrigin,
  ): Promise<ModelDto> {
    const view = await this.sources.version(dataset.row, datasetVersion);
    const pairs = await this.sources.pairs(dataset.row.id, view);
    if (pairs.length < 2) throw new ConflictException(`Dataset ${dataset.row.name} has too few pairs to train and validate on (${pairs.length})`);

    const id = randomUUID();
    const row: NewModelRow = {
      id,
      name,
      dataset_id: dataset.row.id,
      hyperparameters: hp,
      metrics: null,
      trained_at: null,
      status: 'training',
      version: await this.models.nextVersion(name, caller.id),
      architecture: hp.architecture,
      job_state: 'queued',
      error: null,
      created_at: new Date().toISOString(),
      epochs: hp.epochs,
      best_dice: null,
      classes: { labelValues: dataset.labelValues, classCount: dataset.labelValues.length },
      owner_id: caller.id,
      visibility: 'private',
      dataset_version: view.version,
      parent_model_id: parent?.modelId ?? null,
      trigger: auto && parent ? 'auto-fine-tune' : 'manual',
    };
    const request = await this.requests.build({ id, name, hyperparameters: hp, owner_id: caller.id }, dataset, pairs, view, parent ?? undefined);
    const originKey = modelKeys(id).origin;
    if (auto && parent) {
      const origin: ModelOriginRecord = {
        format: ORIGIN_FORMAT,
        modelId: id,
        trigger: 'auto-fine-tune',
        datasetId: dataset.row.id,
        datasetVersion: view.version,
        parentModelId: parent.modelId,
        ...auto,
        queuedAt: row.created_at!,
      };
      await this.storage.putObject(originKey, JSON.stringify(origin, null, 2), 'application/json');
    }
    await this.models.insert(row);
    try {
      const { job } = await this.ml.startTrainingJob(request);
      await this.models.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      // The job never started: no row may claim it is training, no origin.json outlive it.
      await this.models.delete(id);
      if (auto) await this.storage.deleteKeys([originKey]).catch((e: unknown) => this.logger.warn(`Model ${id}: origin.json not removed: ${String(e)}`));
      throw error;
    }
    const how = auto ? ` automatically (${auto.newMasks} new masks since version ${auto.sinceVersion})` : '';
    const what = `${parent ? `fine-tuning ${parent.modelId}` : 'training'} ${hp.architecture} on dataset ${dataset.row.name} version ${view.version}${how}`;
    this.logger.log(`Model ${id}: queued ${what}`);
    await this.audit.record(caller, 'created', 'model', id, name, what);
    this.watch.attach('training', id);
    return this.get(caller, id);
  }

  async list(caller: Caller, query: ModelListQueryDto): Promise<ModelPageDto> {
    const filter = { ...query, scope: scopeOf(caller, query.owner) };
    const [rows, total] = await Promise.all([
      this.models.list(query.sort, query.order, (query.page - 1) * query.pageSize, query.pageSize, filter),
      this.models.count(filter),
    ]);
    const [owned, children] = await Promise.all([this.access.ownedAll(caller, rows), this.models.childIds(rows.map((r) => r.id))]);
    return { items: rows.map((r, i) => mapModel(r, this.access.datasetName(caller, r), owned[i], children.get(r.id))), total, page: query.page, pageSize: query.pageSize };
  }

  async get(caller: Caller, id: string): Promise<ModelDetailDto> {
    const row = await this.access.model(caller, id);
    const children = await this.models.childIds([id]);
    return mapModelDetail(row, this.access.datasetName(caller, row), await this.jobEvents.listEpochs(id), await this.access.owned(caller, row), children.get(id));
  }

  /** Shares a model with the lab or makes it private again (its owner or an admin). */
  async setVisibility(caller: Caller, id: string, visibility: Visibility): Promise<ModelDetailDto> {
    const row = await this.access.changeableModel(caller, id, 'change who sees this model');
    if (row.visibility !== visibility) {
      await this.sharing.set('model', id, visibility, caller.id);
      await this.audit.record(caller, visibility === 'shared' ? 'shared' : 'unshared', 'model', id, row.name);
    }
    return this.get(caller, id);
  }

  /** The model's SSE stream: snapshot (the detail DTO), then its job events. */
  async events(caller: Caller, id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.streams.open(id, lastEventId, async () => {
      const row = await this.access.model(caller, id);
      const value = mapModelDetail(row, this.access.datasetName(caller, row), await this.jobEvents.listEpochs(id), await this.access.owned(caller, row));
      return { value, sequence: row.last_sequence, terminal: row.status !== 'training' };
    });
  }

  /**
   * Asks the ml-service to stop the job: after at least one epoch the model completes with its
   * best epoch (stopped early), before that it turns failed ("cancelled").
   */
  async cancel(caller: Caller, id: string): Promise<ModelDto> {
    const row = await this.access.changeableModel(caller, id, 'cancel this training');
    if (row.status !== 'training') throw new ConflictException(`Model ${row.name} is not training (it is ${row.status})`);
    await this.watch.cancel('training', id);
    await this.audit.record(caller, 'cancelled', 'model', id, row.name);
    return this.get(caller, id);
  }

  /**
   * Uploads again the artifacts the ml-service kept after a failed upload (fresh URLs); the model
   * completes. 409 when it did not fail that way, or the ml-service no longer has them.
   */
  async retryUpload(caller: Caller, id: string): Promise<ModelDetailDto> {
    const row = await this.access.changeableModel(caller, id, 'retry the upload of this model');
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
    // Completed after all: its card is the run's record now, not the run.json of its failure.
    await this.storage.deleteKeys([modelKeys(id).run]).catch((error: unknown) => {
      this.logger.warn(`Model ${id}: stale run.json not removed: ${String(error)}`);
    });
    this.logger.log(`Model ${id}: upload retried, completed`);
    return this.get(caller, id);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const row = await this.access.changeableModel(caller, id, 'delete this model');
    if (row.status === 'training') throw new ConflictException(`Model ${row.name} is still training; cancel it first`);
    const [evaluations, batches] = await Promise.all([this.evaluations.listStatesByModel(id), this.batches.listStatesByModel(id)]);
    const active = [...evaluations.map((e) => ({ ...e, kind: 'evaluation' })), ...batches.map((b) => ({ ...b, kind: 'batch' }))].filter(
      (j) => j.state === 'queued' || j.state === 'running',
    );
    if (active.length > 0) {
      throw new ConflictException(`Model ${row.name} has a ${active[0].kind} ${active[0].state} (${active[0].id}); cancel it first`);
    }
    // Batches and stored inference results live outside the model's prefix; evaluations and
    // exports inside it. All go before the card, so a crash midway leaves the model listed and
    // deletable again rather than its patients' images orphaned in S3.
    const results = await this.inferenceResults.deleteByModel(id);
    for (const batch of batches) {
      await this.storage.deleteKeys([batchKeys(batch.id).report]);
      await this.storage.deletePrefix(batchKeys(batch.id).prefix);
    }
    const keys = modelKeys(id);
    // The card and run record first: without them a half-deleted prefix is never restored by a resync.
    await this.storage.deleteKeys([keys.card, keys.run]);
    await this.storage.deletePrefix(keys.prefix);
    await this.models.delete(id);
    this.logger.log(`Model ${id} deleted (with ${results} stored inference result${results === 1 ? '' : 's'})`);
    await this.audit.record(caller, 'deleted', 'model', id, row.name, `version ${row.version}`);
  }
}
