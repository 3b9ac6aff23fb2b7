import { Injectable, Logger } from '@nestjs/common';
import type { JobReason, JobState, ModelJson, ModelTrigger } from '../db/schema';
import type { EpochDto } from '../dtos/model.dto';
import { JobEventRepository } from '../repositories/job-event.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { modelKeys } from './storage-layout';

const RUN_FORMAT = 'medseg-run-v1';

/**
 * models/<id>/run.json: what a training that ended without a card (failed, cancelled) leaves in
 * S3, so a resync brings the run back with its reason and curves. A completed run has its card.
 */
export interface ModelRunRecordJson {
  format: typeof RUN_FORMAT;
  modelId: string;
  name: string;
  version: number;
  datasetId: string;
  architecture: string;
  jobState: JobState;
  /** The contract's reason (lower-case words); null in a record written before reasons existed. */
  reason: JobReason | null;
  error: string | null;
  hyperparameters: ModelJson['hyperparameters'];
  classes: ModelJson['classes'];
  epochs: number;
  history: EpochDto[];
  createdAt: string;
  finishedAt: string;
  /** The user who started the training; absent or null: before accounts. */
  owner_id?: string | null;
  /** The dataset version trained on; absent: before dataset versions (1). */
  datasetVersion?: number;
  /** The model a fine-tuning started from; absent or null: trained from scratch. */
  parentModelId?: string | null;
  /** Who queued it; absent: a person. */
  trigger?: ModelTrigger;
}

@Injectable()
export class ModelRunRecord {
  private readonly logger = new Logger(ModelRunRecord.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly events: JobEventRepository,
    private readonly storage: StorageRepository,
  ) {}

  /**
   * Writes run.json for a model whose training ended failed or cancelled. Never throws: the row is
   * already final, and a missing record only means a resync cannot restore the run.
   */
  async writeFailed(modelId: string): Promise<void> {
    try {
      const row = await this.models.getById(modelId);
      if (!row || row.status !== 'failed') return;
      const history = await this.events.listEpochs(modelId);
      const record: ModelRunRecordJson = {
        format: RUN_FORMAT,
        modelId,
        name: row.name,
        version: row.version,
        datasetId: row.dataset_id,
        architecture: row.architecture,
        jobState: row.job_state,
        reason: row.reason,
        error: row.error,
        hyperparameters: row.hyperparameters,
        classes: row.classes,
        epochs: row.epochs,
        history,
        createdAt: row.created_at,
        finishedAt: new Date().toISOString(),
        owner_id: row.owner_id,
        datasetVersion: row.dataset_version,
        parentModelId: row.parent_model_id,
        trigger: row.trigger,
      };
      await this.storage.putObject(modelKeys(modelId).run, JSON.stringify(record), 'application/json');
    } catch (error) {
      this.logger.warn(`Model ${modelId}: run.json not written (a resync will not restore this run): ${String(error)}`);
    }
  }
}

/** Parses a stored run.json; null for anything that is not one of ours. */
export function parseRunRecord(text: string): ModelRunRecordJson | null {
  try {
    const value = JSON.parse(text) as Partial<ModelRunRecordJson>;
    if (value.format !== RUN_FORMAT || typeof value.modelId !== 'string' || typeof value.datasetId !== 'string') return null;
    if (!Array.isArray(value.history)) return null;
    return value as ModelRunRecordJson;
  } catch {
    return null;
  }
}
