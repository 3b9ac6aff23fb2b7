import { Injectable, Logger } from '@nestjs/common';
import { type JobEventDto, STATUS_REASONS, type StatusReason } from '../dtos/job-event.dto';
import type { EpochDto, HyperparametersDto } from '../dtos/model.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { metricValue, metricValues } from '../util/metric-value';
import { type ModelCardSummary, cardColumns, parseModelCard } from './model-card';
import { type ModelRunRecordJson, parseRunRecord } from './model-run-record.service';
import { triggerOf } from './model-origin';
import type { ModelTrigger } from '../db/schema';
import { ROOTS, folderId, modelKeys } from './storage-layout';
import { SharingService } from './access/sharing.service';

export interface ModelResyncResult {
  models: number;
  removed: number;
  skipped: string[];
}

/**
 * Rebuilds the models table, epoch history and replayable events from S3: completed models from
 * their cards (model.json), failed and cancelled runs from their run.json.
 */
@Injectable()
export class ModelResyncService {
  private readonly logger = new Logger(ModelResyncService.name);

  constructor(
    private readonly storage: StorageRepository,
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly sharing: SharingService,
  ) {}

  async resync(): Promise<ModelResyncResult> {
    const skipped: string[] = [];
    const found = new Set<string>();
    for (const folder of await this.storage.listFolders(ROOTS.models)) {
      const id = folderId(ROOTS.models, folder);
      const key = modelKeys(id).card;
      const text = await this.storage.getText(key);
      if (text === null) {
        // No card: a run that failed or was cancelled (run.json), or one that never ended.
        if (await this.restoreRun(id, skipped)) found.add(id);
        continue;
      }
      const card = parseModelCard(text);
      if (!card || card.id !== id) {
        skipped.push(`${key} (not a MedSeg model card)`);
        continue;
      }
      if (!(await this.datasets.getById(card.datasetId))) {
        skipped.push(`${key} (its dataset ${card.datasetId} is gone)`);
        continue;
      }
      found.add(id);
      await this.restore(card);
    }
    let removed = 0;
    for (const { id, status } of await this.models.listIds()) {
      // Training rows have no card yet: they are not stale, just unfinished.
      if (!found.has(id) && status !== 'training') {
        await this.models.delete(id);
        removed++;
      }
    }
    if (skipped.length > 0) this.logger.warn(`Model resync skipped: ${skipped.join(', ')}`);
    return { models: found.size, removed, skipped };
  }

  private async restoreRun(id: string, skipped: string[]): Promise<boolean> {
    const key = modelKeys(id).run;
    const text = await this.storage.getText(key);
    if (text === null) return false;
    const run = parseRunRecord(text);
    if (!run || run.modelId !== id) {
      skipped.push(`${key} (not a MedSeg run record)`);
      return false;
    }
    if (!(await this.datasets.getById(run.datasetId))) {
      skipped.push(`${key} (its dataset ${run.datasetId} is gone)`);
      return false;
    }
    await this.restoreFailed(run);
    return true;
  }

  private async restoreFailed(run: ModelRunRecordJson): Promise<void> {
    const reason = isStatusReason(run.reason) ? run.reason : run.jobState === 'cancelled' ? 'cancelled_by_user' : null;
    const events = replayEvents(run.finishedAt, run.history, [
      { type: 'status', status: { state: run.jobState, queuePosition: 0, reason, message: run.error ?? '' } },
    ]);
    const existing = await this.models.getById(run.modelId);
    await this.models.replace(
      {
        id: run.modelId,
        name: run.name,
        dataset_id: run.datasetId,
        hyperparameters: run.hyperparameters,
        metrics: null,
        trained_at: null,
        status: 'failed',
        version: existing?.version ?? run.version,
        architecture: run.architecture,
        job_state: run.jobState,
        queue_position: 0,
        error: run.error,
        created_at: run.createdAt,
        epochs: run.epochs,
        epochs_done: run.history.length,
        best_dice: bestOf(run.history),
        progress: null,
        classes: run.classes,
        last_sequence: events.length,
        reason,
        owner_id: run.owner_id ?? null,
        visibility: await this.sharing.read('model', run.modelId, run.owner_id ?? null),
        dataset_version: Number.isInteger(run.datasetVersion) && run.datasetVersion! >= 1 ? run.datasetVersion : 1,
        parent_model_id: typeof run.parentModelId === 'string' ? run.parentModelId : null,
        trigger: run.trigger === 'auto-fine-tune' ? run.trigger : await this.trigger(run.modelId),
      },
      events,
    );
  }

  /** Who queued the model: origin.json says when the gateway did on its own. */
  private async trigger(id: string): Promise<ModelTrigger> {
    return triggerOf(await this.storage.getText(modelKeys(id).origin), id);
  }

  private async restore(card: ModelCardSummary): Promise<void> {
    const history = card.history.map(epochFromCard);
    const events = replayEvents(card.finishedAt, history, [
      { type: 'completed', completed: { bestEpoch: card.bestEpoch, bestValDice: card.bestDice, stoppedEarly: card.stoppedEarly } },
      { type: 'status', status: { state: 'completed', queuePosition: 0, reason: card.stoppedEarly ? 'stopped_early' : null, message: '' } },
    ]);
    const existing = await this.models.getById(card.id);
    await this.models.replace(
      {
        id: card.id,
        name: card.name,
        dataset_id: card.datasetId,
        hyperparameters: hyperparametersFromCard(card.hyperparameters),
        trained_at: card.finishedAt,
        status: 'completed',
        version: existing?.version ?? (await this.models.nextVersion(card.name, card.ownerId)),
        architecture: card.architecture,
        job_state: 'completed',
        queue_position: 0,
        error: null,
        created_at: card.createdAt ?? card.finishedAt ?? new Date().toISOString(),
        epochs: card.epochs || history.length,
        epochs_done: history.length,
        best_dice: card.bestDice ?? bestOf(history),
        progress: null,
        ...cardColumns(card),
        last_sequence: events.length,
        reason: card.stoppedEarly ? 'stopped_early' : null,
        owner_id: card.ownerId,
        visibility: await this.sharing.read('model', card.id, card.ownerId),
        dataset_version: card.datasetVersion,
        parent_model_id: card.parentModelId,
        trigger: await this.trigger(card.id),
      },
      events,
    );
  }
}

/**
 * The replayable events of a finished run as the watcher would have stored them: running, one per
 * epoch, then the run's end (`final`).
 */
function replayEvents(finishedAt: string | null, history: EpochDto[], final: Omit<JobEventDto, 'sequence' | 'time'>[]): JobEventDto[] {
  const time = finishedAt ?? new Date().toISOString();
  const events: JobEventDto[] = [];
  const add = (e: Omit<JobEventDto, 'sequence' | 'time'>) => events.push({ sequence: events.length + 1, time, ...e });
  add({ type: 'status', status: { state: 'running', queuePosition: 0, reason: null, message: '' } });
  for (const epoch of history) add({ type: 'epoch', epoch });
  for (const e of final) add(e);
  return events;
}

const isStatusReason = (v: unknown): v is StatusReason => typeof v === 'string' && (STATUS_REASONS as readonly string[]).includes(v);

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const bestOf = (history: EpochDto[]): number | null => {
  const dice = history.map((h) => h.valDice).filter((d): d is number => d !== null);
  return dice.length ? Math.max(...dice) : null;
};

/** The card keeps the ml-service's snake_case names; the API speaks camelCase. */
function epochFromCard(e: Record<string, unknown>): EpochDto {
  return {
    epoch: n(e.epoch),
    epochs: n(e.epochs),
    trainLoss: n(e.train_loss),
    valLoss: n(e.val_loss),
    valDice: metricValue(e.val_dice),
    valIou: metricValue(e.val_iou),
    valDicePerClass: metricValues(e.val_dice_per_class),
    valIouPerClass: metricValues(e.val_iou_per_class),
    learningRate: n(e.learning_rate),
    samplesPerSecond: n(e.samples_per_second),
    elapsedSeconds: n(e.elapsed_seconds),
    etaSeconds: n(e.eta_seconds),
    isBest: e.is_best === true,
  };
}

/** The card keeps the ml-service's snake_case names of the hyper-parameters in force. */
function hyperparametersFromCard(h: Record<string, unknown>): HyperparametersDto {
  const camel: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) camel[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return camel as unknown as HyperparametersDto;
}
