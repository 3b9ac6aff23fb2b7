import { Injectable, Logger } from '@nestjs/common';
import { BatchRepository } from '../repositories/batch.repository';
import { DatasetRepository } from '../repositories/dataset.repository';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { ROOTS, batchKeys, folderId, modelKeys } from './storage-layout';
import { type EvaluationScopeRecord, parseEvaluationScope } from './evaluation-scope';
import { type ReportCommon, evaluationImageRows, parseBatchReport, parseEvaluationReport } from './job-report';

export interface JobResyncResult {
  evaluations: number;
  batches: number;
  removed: number;
  skipped: string[];
}

/**
 * Rebuilds completed evaluations (models/<id>/evaluations/<id>.json) and batches
 * (batches/<id>/batch.json) from their reports in S3. Runs after the model resync: a report whose
 * model is gone is skipped. Queued and running jobs have no report yet and are left alone.
 */
@Injectable()
export class JobResyncService {
  private readonly logger = new Logger(JobResyncService.name);

  constructor(
    private readonly storage: StorageRepository,
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly batches: BatchRepository,
  ) {}

  async resync(): Promise<JobResyncResult> {
    const skipped: string[] = [];
    const evaluations = await this.resyncEvaluations(skipped);
    const batches = await this.resyncBatches(skipped);
    let removed = 0;
    for (const { id, state } of await this.evaluations.listIds()) {
      if (!evaluations.has(id) && state !== 'queued' && state !== 'running') {
        await this.evaluations.delete(id);
        removed++;
      }
    }
    for (const { id, state } of await this.batches.listIds()) {
      if (!batches.has(id) && state !== 'queued' && state !== 'running') {
        await this.batches.delete(id);
        removed++;
      }
    }
    if (skipped.length > 0) this.logger.warn(`Job resync skipped: ${skipped.join(', ')}`);
    return { evaluations: evaluations.size, batches: batches.size, removed, skipped };
  }

  private async resyncEvaluations(skipped: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const { id: modelId } of await this.models.listIds()) {
      for (const key of await this.storage.listKeys(modelKeys(modelId).evaluations)) {
        if (!key.endsWith('.json')) continue;
        const text = await this.storage.getText(key);
        const report = text === null ? null : parseEvaluationReport(text);
        if (!report || modelKeys(modelId).evaluationReport(report.evaluationId) !== key || report.modelId !== modelId) {
          skipped.push(`${key} (not a MedSeg evaluation report)`);
          continue;
        }
        found.add(report.evaluationId);
        const scope = await this.scope(modelId, report.evaluationId);
        await this.evaluations.replace(
          {
            id: report.evaluationId,
            model_id: modelId,
            dataset_id: report.datasetId ?? '',
            subset: report.subset,
            dataset_version: scope?.datasetVersion ?? 1,
            split_model_id: scope?.splitModelId ?? null,
            report_key: key,
            ...completedColumns(report, text!),
          },
          evaluationImageRows(report.evaluationId, report.images),
        );
      }
    }
    return found;
  }

  /** The evaluation's scope record; null for one queued before scopes were written (version 1, its own split). */
  private async scope(modelId: string, evaluationId: string): Promise<EvaluationScopeRecord | null> {
    const text = await this.storage.getText(modelKeys(modelId).evaluationScope(evaluationId));
    return text === null ? null : parseEvaluationScope(text, evaluationId);
  }

  private async resyncBatches(skipped: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const models = new Set((await this.models.listIds()).map((m) => m.id));
    for (const folder of await this.storage.listFolders(ROOTS.batches)) {
      const id = folderId(ROOTS.batches, folder);
      const keys = batchKeys(id);
      const text = await this.storage.getText(keys.report);
      if (text === null) continue; // an input without a report: a job that never completed
      const report = parseBatchReport(text);
      if (!report || report.batchId !== id) {
        skipped.push(`${keys.report} (not a MedSeg batch report)`);
        continue;
      }
      if (!models.has(report.modelId)) {
        skipped.push(`${keys.report} (its model ${report.modelId} is gone)`);
        continue;
      }
      const dataset = report.source === 'dataset' && report.datasetId ? await this.datasets.getById(report.datasetId) : undefined;
      found.add(id);
      await this.batches.replace({
        id,
        model_id: report.modelId,
        source: report.source,
        input_name: dataset?.name ?? report.inputName,
        dataset_id: report.source === 'dataset' ? report.datasetId : null,
        input_bytes: (await this.storage.size(keys.input)) ?? 0,
        failures: report.failures,
        masks_bytes: (await this.storage.size(keys.masks)) ?? 0,
        csv_bytes: (await this.storage.size(keys.csv)) ?? 0,
        ...completedColumns(report, text),
      });
    }
    return found;
  }
}

/** The columns of a completed report job rebuilt from its report (`text`, as stored). */
function completedColumns(report: ReportCommon, text: string) {
  return {
    state: 'completed' as const,
    queue_position: 0,
    error: null,
    progress: report.finalProgress,
    image_count: report.imageCount,
    failed_count: report.failedCount,
    aggregate: report.aggregate,
    report_bytes: Buffer.byteLength(text),
    created_at: report.createdAt ?? report.finishedAt ?? new Date().toISOString(),
    finished_at: report.finishedAt,
    last_sequence: 0,
    owner_id: report.ownerId,
    test_time_mirroring: report.testTimeMirroring ? 1 : 0,
  };
}
