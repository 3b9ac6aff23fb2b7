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
import { ModelSourceService } from './model-source.service';
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
    const datasetId = dto.datasetId ?? model.row.dataset_id;
    const own = datasetId === model.row.dataset_id;
    const subset = dto.subset ?? (own ? 'validation' : 'all');
    if (subset === 'validation' && !own) {
      throw new BadRequestException(
        `subset validation exists only on the model's own dataset (${this.access.datasetName(caller, model.row) || model.row.dataset_id}); use subset all to evaluate on another dataset`,
      );
    }
    const dataset = await this.sources.readyFor(caller, datasetId, model, 'evaluate on');
    // The model's own dataset as it trained on it (its validation split names those pairs); another at its latest.
    const view = await this.sources.version(dataset.row, own ? model.row.dataset_version : undefined);
    let pairs = await this.sources.pairs(datasetId, view);
    if (subset === 'validation') {
      if (!model.validationPairs) throw new ConflictException(`Model ${model.row.name} has no validation split in its model.json; use subset all`);
      const val = new Set(model.validationPairs);
      pairs = pairs.filter((p) => val.has(p.idx));
    }
    if (pairs.length === 0) throw new ConflictException(`Dataset ${dataset.row.name} has no pairs to evaluate in subset ${subset}`);

    const id = randomUUID();
    const reportKey = modelKeys(modelId).evaluationReport(id);
    const [trainingDataset, reportUrl] = await Promise.all([
      this.sources.trainingDataset(dataset, model, pairs, view),
      this.storage.presignPut(reportKey, PRESIGN_S.job),
    ]);
    await this.evaluations.insert({
      id,
      model_id: modelId,
      dataset_id: datasetId,
      dataset_version: view.version,
      subset,
      state: 'queued',
      error: null,
      image_count: pairs.length,
      report_key: reportKey,
      created_at: new Date().toISOString(),
      finished_at: null,
      owner_id: caller.id,
    });
    try {
      const { job } = await this.ml.startEvaluationJob({ jobId: id, model: model.source, dataset: trainingDataset, subset, reportUrl, batchSize: 0, ownerId: caller.id, surfaceToleranceMm: dto.surfaceToleranceMm ?? 0 });
      await this.evaluations.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      // The job never started: no row may claim it is queued.
      await this.evaluations.delete(id);
      throw error;
    }
    this.logger.log(`Evaluation ${id}: queued for model ${modelId} on ${pairs.length} pairs of dataset ${datasetId} (${subset})`);
    await this.audit.record(caller, 'created', 'evaluation', id, model.row.name, `on dataset ${dataset.row.name} (${subset}, ${pairs.length} images)`);
    this.watch.attach('evaluation', id);
    return this.get(caller, id);
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
    await this.storage.deleteKeys([row.report_key]);
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
