import { Injectable, Logger } from '@nestjs/common';
import type { EpochDto } from '../dtos/model.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import type { JobEventDto } from '../dtos/job-event.dto';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { type ModelCardSummary, parseModelCard } from './model-card';
import { modelKeys } from './model-keys';

export interface ModelResyncResult {
  models: number;
  removed: number;
  skipped: string[];
}

/** Rebuilds the models table, epoch history and replayable events from the cards in S3. */
@Injectable()
export class ModelResyncService {
  private readonly logger = new Logger(ModelResyncService.name);

  constructor(
    private readonly storage: StorageRepository,
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
  ) {}

  async resync(): Promise<ModelResyncResult> {
    const skipped: string[] = [];
    const found = new Set<string>();
    for (const folder of await this.storage.listFolders('models/')) {
      const id = folder.slice('models/'.length, -1);
      const key = modelKeys(id).card;
      const text = await this.storage.getText(key);
      if (text === null) continue; // weights without a card: a job that never completed
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
      await this.restore(card, key);
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

  private async restore(card: ModelCardSummary, key: string): Promise<void> {
    const history = card.history.map(epochFromCard);
    const time = card.finishedAt ?? new Date().toISOString();
    const events: JobEventDto[] = [];
    const add = (e: Omit<JobEventDto, 'sequence' | 'time'>) => events.push({ sequence: events.length + 1, time, ...e });
    add({ type: 'status', status: { state: 'running', queuePosition: 0, reason: null, message: '' } });
    for (const epoch of history) add({ type: 'epoch', epoch });
    add({ type: 'completed', completed: { bestEpoch: card.bestEpoch, bestValDice: card.bestDice ?? 0, stoppedEarly: card.stoppedEarly } });
    add({ type: 'status', status: { state: 'completed', queuePosition: 0, reason: card.stoppedEarly ? 'stopped_early' : null, message: '' } });
    const existing = await this.models.getById(card.id);
    await this.models.replace(
      {
        id: card.id,
        name: card.name,
        dataset_id: card.datasetId,
        s3_bucket: this.storage.bucket,
        s3_key: key,
        hyperparameters: JSON.stringify(hyperparametersFromCard(card.hyperparameters)),
        metrics: '{}',
        trained_at: card.finishedAt,
        status: 'completed',
        version: existing?.version ?? (await this.models.nextVersion(card.name)),
        architecture: card.architecture,
        job_state: 'completed',
        queue_position: 0,
        error: null,
        created_at: card.createdAt ?? card.finishedAt ?? new Date().toISOString(),
        epochs: card.epochs || history.length,
        epochs_done: history.length,
        best_dice: card.bestDice ?? (history.length ? Math.max(...history.map((h) => h.valDice)) : null),
        progress: 'null',
        split: JSON.stringify(card.split),
        classes: JSON.stringify(card.classes),
        weights: JSON.stringify(card.weights),
        last_sequence: events.length,
        reason: card.stoppedEarly ? 'stopped_early' : null,
      },
      events,
    );
  }
}

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const list = (v: unknown): number[] => (Array.isArray(v) ? v.map(n) : []);

/** The card keeps the ml-service's snake_case names; the API speaks camelCase. */
function epochFromCard(e: Record<string, unknown>): EpochDto {
  return {
    epoch: n(e.epoch),
    epochs: n(e.epochs),
    trainLoss: n(e.train_loss),
    valLoss: n(e.val_loss),
    valDice: n(e.val_dice),
    valIou: n(e.val_iou),
    valDicePerClass: list(e.val_dice_per_class),
    valIouPerClass: list(e.val_iou_per_class),
    learningRate: n(e.learning_rate),
    samplesPerSecond: n(e.samples_per_second),
    elapsedSeconds: n(e.elapsed_seconds),
    etaSeconds: n(e.eta_seconds),
    isBest: e.is_best === true,
  };
}

function hyperparametersFromCard(h: Record<string, unknown>): Record<string, unknown> {
  const camel: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h)) camel[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return camel;
}
