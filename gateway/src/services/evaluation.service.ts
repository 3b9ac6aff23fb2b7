import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BadRequestException, ConflictException, HttpException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { SseMessage } from '../util/sse';
import type { Caller } from '../auth/caller';
import {
  type BatchCompareDto,
  type BatchCompareResultDto,
  type CreateEvaluationDto,
  type EvaluationDto,
  type EvaluationWithNames,
  type EvaluationImageDto,
  mapEvaluation,
  mapEvaluationImage,
} from '../dtos/evaluation.dto';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { AuditService } from './audit.service';
import { JobStreamService } from './job-stream.service';
import { PRESIGN_S, modelKeys } from './storage-layout';
import { JobWatchService } from './job-watch.service';
import { ReportJobs } from './report-jobs';
import { type CompletedModel, ModelSourceService } from './model-source.service';
import { EVALUATION_SCOPE_FORMAT, type EvaluationScopeRecord } from './evaluation-scope';
import type { OwnerFilter } from '../dtos/owner.dto';
import { ResourceAccess } from './access/resource-access.service';

/** Evaluations of completed models on dataset pairs: queued on the ml-service, followed in SQLite. */
@Injectable()
export class EvaluationService {
  private readonly logger = new Logger(EvaluationService.name);
  private readonly jobs: ReportJobs<EvaluationWithNames, EvaluationDto>;

  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly access: ResourceAccess,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly watch: JobWatchService,
    streams: JobStreamService,
    private readonly audit: AuditService,
  ) {
    this.jobs = new ReportJobs(
      {
        kind: 'evaluation',
        label: 'Evaluation',
        find: (caller, id) => access.evaluation(caller, id),
        listByModel: (id, scope) => evaluations.listByModel(id, scope),
        map: (row, owned, caller) => mapEvaluation({ ...row, dataset_name: access.datasetName(caller, row) }, owned),
      },
      { access, watch, streams },
    );
  }

  async create(caller: Caller, modelId: string, dto: CreateEvaluationDto): Promise<EvaluationDto> {
    const model = await this.sources.completed(caller, modelId, 'evaluate');
    // Another model's validation split (a parent scored on its child's cases): its dataset, its version.
    const splitOf = dto.splitModelId ? await this.splitModel(caller, model, dto) : null;
    const scope = splitOf ?? model;
    const datasetId = splitOf?.row.dataset_id ?? dto.datasetId ?? model.row.dataset_id;
    const own = datasetId === scope.row.dataset_id;
    const subset = dto.subset ?? (own ? 'validation' : 'all');
    if (subset === 'validation' && !own) {
      throw new BadRequestException(
        `subset validation exists only on the model's own dataset (${this.access.datasetName(caller, model.row) || model.row.dataset_id}); use subset all to evaluate on another dataset`,
      );
    }
    const dataset = await this.sources.readyFor(caller, datasetId, model, 'evaluate on');
    // The split's dataset as its model trained on it (its validation split names those pairs); another at its latest.
    const view = await this.sources.version(dataset.row, own ? scope.row.dataset_version : undefined);
    let pairs = await this.sources.pairs(datasetId, view);
    if (subset === 'validation') {
      if (!scope.validationPairs) throw new ConflictException(`Model ${scope.row.name} has no validation split in its model.json; use subset all`);
      const val = new Set(scope.validationPairs);
      pairs = pairs.filter((p) => val.has(p.idx));
    }
    if (pairs.length === 0) throw new ConflictException(`Dataset ${dataset.row.name} has no pairs to evaluate in subset ${subset}`);

    const id = randomUUID();
    const keys = modelKeys(modelId);
    const reportKey = keys.evaluationReport(id);
    const [trainingDataset, reportUrl] = await Promise.all([
      this.sources.trainingDataset(dataset, model, pairs, view),
      this.storage.presignPut(reportKey, PRESIGN_S.job),
    ]);
    const splitModelId = splitOf?.row.id ?? null;
    const record: EvaluationScopeRecord = {
      format: EVALUATION_SCOPE_FORMAT,
      evaluationId: id,
      modelId,
      datasetId,
      datasetVersion: view.version,
      subset,
      splitModelId,
    };
    await this.storage.putObject(keys.evaluationScope(id), JSON.stringify(record), 'application/json');
    await this.evaluations.insert({
      id,
      model_id: modelId,
      dataset_id: datasetId,
      dataset_version: view.version,
      subset,
      split_model_id: splitModelId,
      state: 'queued',
      error: null,
      image_count: pairs.length,
      report_key: reportKey,
      created_at: new Date().toISOString(),
      finished_at: null,
      owner_id: caller.id,
      test_time_mirroring: dto.testTimeMirroring ? 1 : 0,
    });
    try {
      const { job } = await this.ml.startEvaluationJob({ jobId: id, model: model.source, dataset: trainingDataset, subset, reportUrl, batchSize: 0, ownerId: caller.id, surfaceToleranceMm: dto.surfaceToleranceMm ?? 0, testTimeMirroring: dto.testTimeMirroring ?? false });
      await this.evaluations.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      // The job never started: no row may claim it is queued, no scope record outlive it.
      await this.evaluations.delete(id);
      await this.storage.deleteKeys([keys.evaluationScope(id)]).catch((e: unknown) => this.logger.warn(`Evaluation ${id}: scope record not removed: ${String(e)}`));
      throw error;
    }
    const whose = splitOf ? `, the validation split of model ${splitOf.row.name} version ${splitOf.row.version}` : '';
    this.logger.log(`Evaluation ${id}: queued for model ${modelId} on ${pairs.length} pairs of dataset ${datasetId} version ${view.version} (${subset}${whose})`);
    await this.audit.record(caller, 'created', 'evaluation', id, model.row.name, `on dataset ${dataset.row.name} version ${view.version} (${subset}${whose}, ${pairs.length} images)`);
    this.watch.attach('evaluation', id);
    return this.get(caller, id);
  }

  /** The completed model whose validation split `dto` asks for: on its own dataset, subset validation. */
  private async splitModel(caller: Caller, model: CompletedModel, dto: CreateEvaluationDto): Promise<CompletedModel> {
    const splitOf = await this.sources.completed(caller, dto.splitModelId!, 'score on the validation split of');
    if (dto.subset && dto.subset !== 'validation') {
      throw new BadRequestException(`splitModelId scores model ${splitOf.row.name}'s validation split; send subset validation or leave subset out`);
    }
    if (dto.datasetId && dto.datasetId !== splitOf.row.dataset_id) {
      throw new BadRequestException(
        `Model ${splitOf.row.name}'s validation split is on its own dataset (${splitOf.row.dataset_id}); leave datasetId out or send that one`,
      );
    }
    return splitOf;
  }

  /**
   * One evaluation per model on the same dataset (all its pairs), so a comparison ranks like with like.
   * A model that cannot be evaluated there (labels it does not know, not completed, not visible) is
   * refused with its reason while the others start; 400 when none can.
   */
  async batchCompare(caller: Caller, dto: BatchCompareDto): Promise<BatchCompareResultDto> {
    const dataset = await this.sources.ready(caller, dto.datasetId, 'evaluate on');
    const evaluations: EvaluationDto[] = [];
    const refused: BatchCompareResultDto['refused'] = [];
    for (const modelId of dto.modelIds) {
      try {
        evaluations.push(await this.create(caller, modelId, { datasetId: dto.datasetId, subset: 'all', surfaceToleranceMm: dto.surfaceToleranceMm }));
      } catch (error) {
        // A refusal of this model (4xx) is its answer; anything else is the request's failure.
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        refused.push({ modelId, reason: refusalReason(error) });
      }
    }
    if (evaluations.length === 0) {
      throw new BadRequestException(
        `None of the models can be evaluated on dataset ${dataset.row.name}: ${refused.map((r) => `${r.modelId}: ${r.reason}`).join('; ')}`,
      );
    }
    return { datasetId: dto.datasetId, evaluations, evaluationIds: evaluations.map((e) => e.id), refused };
  }

  list(caller: Caller, modelId: string, owner?: OwnerFilter): Promise<EvaluationDto[]> {
    return this.jobs.list(caller, modelId, owner);
  }

  get(caller: Caller, id: string): Promise<EvaluationDto> {
    return this.jobs.get(caller, id);
  }

  async images(caller: Caller, id: string): Promise<EvaluationImageDto[]> {
    await this.jobs.row(caller, id);
    return (await this.evaluations.listImages(id)).map(mapEvaluationImage);
  }

  async report(caller: Caller, id: string): Promise<{ body: Readable; contentLength?: number }> {
    const row = await this.jobs.completed(caller, id, 'a report');
    const object = await this.storage.getObjectStream(row.report_key);
    if (!object) throw new NotFoundException(`The report of evaluation ${id} is missing from storage (${row.report_key})`);
    return object;
  }

  /** The evaluation's SSE stream: snapshot (the DTO), then its job events. */
  events(caller: Caller, id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.jobs.events(caller, id, lastEventId);
  }

  async cancel(caller: Caller, id: string): Promise<EvaluationDto> {
    const evaluation = await this.jobs.cancel(caller, id);
    await this.audit.record(caller, 'cancelled', 'evaluation', id, evaluation.modelName);
    return evaluation;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const row = await this.jobs.deletable(caller, id);
    await this.storage.deleteKeys([row.report_key, modelKeys(row.model_id).evaluationScope(id)]);
    await this.evaluations.delete(id);
    this.logger.log(`Evaluation ${id} deleted`);
    await this.audit.record(caller, 'deleted', 'evaluation', id, row.model_name, `on dataset ${row.dataset_name}`);
  }
}

function refusalReason(error: HttpException): string {
  const body = error.getResponse();
  const message = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
  return Array.isArray(message) ? message.join('; ') : String(message);
}
