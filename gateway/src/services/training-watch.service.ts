import { HttpException, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Observable, Subject, filter, map } from 'rxjs';
import type { ModelChanges } from '../db/schema';
import type { EpochDto, StepProgressDto } from '../dtos/model.dto';
import { ModelRepository } from '../repositories/model.repository';
import { MlRepository } from '../repositories/ml.repository';
import { cardColumns, parseModelCard } from './model-card';
import { ModelRunRecord } from './model-run-record.service';
import { type StatusData, TERMINAL_STATES, type TrainingSse, modelStatusOf, toSse } from './training-events';

/** How long a lost watch stream may take to come back before the job counts as lost with it. */
const REATTACH_WINDOW_MS = 15_000;

/**
 * Keeps one watch stream per training job: writes each event to SQLite (row, epoch history,
 * replayable events) and publishes it to the browsers' SSE streams. Re-attaches at start-up to
 * jobs still training; a job the ml-service no longer knows, or an ml-service that stays away,
 * turns the model failed with the reason, so no row stays 'training' forever.
 */
@Injectable()
export class TrainingWatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrainingWatchService.name);
  private readonly live = new Subject<{ modelId: string; event: TrainingSse }>();
  private readonly watching = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly models: ModelRepository,
    private readonly ml: MlRepository,
    private readonly runs: ModelRunRecord,
  ) {}

  onApplicationBootstrap(): void {
    void this.models.listTraining().then((rows) => {
      for (const row of rows) this.attach(row.id);
    });
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
    this.live.complete();
  }

  /** Live events of one model (no history: callers replay from SQLite first). */
  liveEvents(modelId: string): Observable<TrainingSse> {
    return this.live.pipe(
      filter((e) => e.modelId === modelId),
      map((e) => e.event),
    );
  }

  attach(modelId: string): void {
    if (this.watching.has(modelId)) return;
    const run = this.watch(modelId)
      .catch((error: unknown) => this.logger.error(`Model ${modelId}: watch crashed: ${String(error)}`))
      .finally(() => this.watching.delete(modelId));
    this.watching.set(modelId, run);
  }

  /** Resolves when no job is being watched (tests wait on it). */
  async idle(): Promise<void> {
    while (this.watching.size > 0) await Promise.allSettled([...this.watching.values()]);
  }

  private async watch(modelId: string): Promise<void> {
    let lostSince: number | null = null;
    for (;;) {
      const row = await this.models.getById(modelId);
      if (!row || row.status !== 'training') return;
      try {
        for await (const message of this.ml.watchTrainingJob({ jobId: modelId, afterSequence: row.last_sequence }, this.shutdown.signal)) {
          lostSince = null;
          if (message.event) await this.apply(modelId, toSse(message.event), message.event.completed?.cardJson);
        }
        const after = await this.models.getById(modelId);
        if (!after || after.status !== 'training') return;
        // The stream ended without a final state: the ml-service is stopping. Try again below.
        throw new Error('the watch stream ended before the job did');
      } catch (error) {
        if (this.shutdown.signal.aborted) return;
        const status = error instanceof HttpException ? error.getStatus() : 0;
        if (status === 404) {
          await this.fail(modelId, 'The ml-service restarted and lost this job; start the training again');
          return;
        }
        lostSince ??= Date.now();
        if (Date.now() - lostSince > REATTACH_WINDOW_MS) {
          const reason = error instanceof Error ? error.message : String(error);
          await this.fail(modelId, `Lost contact with the ml-service while training (${reason}); start the training again`);
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async fail(modelId: string, reason: string): Promise<void> {
    const row = await this.models.getById(modelId);
    if (!row || row.status !== 'training') return;
    const sequence = row.last_sequence + 1;
    const event: TrainingSse = { sequence, type: 'status', data: { state: 'failed', queuePosition: 0, message: reason } };
    await this.apply(modelId, event);
    this.logger.warn(`Model ${modelId}: failed: ${reason}`);
  }

  private async apply(modelId: string, event: TrainingSse | null, cardJson?: string): Promise<void> {
    if (!event) return;
    const changes: ModelChanges = { last_sequence: event.sequence };
    let stored = true;
    let epoch: { epoch: number; metrics: string } | undefined;
    switch (event.type) {
      case 'status': {
        const data = event.data as StatusData;
        changes.job_state = data.state;
        changes.queue_position = data.queuePosition;
        changes.status = modelStatusOf(data.state);
        if (TERMINAL_STATES.includes(data.state)) {
          changes.progress = null;
          changes.queue_position = 0;
          if (data.state === 'completed') changes.trained_at = new Date().toISOString();
          else changes.error = data.message || data.state;
          this.logger.log(`Model ${modelId}: ${data.state}${data.message ? ` (${data.message})` : ''}`);
        }
        break;
      }
      case 'step':
        // Steps are ephemeral: only the latest is kept, for the progress bar.
        stored = false;
        changes.progress = event.data as StepProgressDto;
        break;
      case 'epoch': {
        const data = event.data as EpochDto;
        epoch = { epoch: data.epoch, metrics: JSON.stringify(data) };
        changes.epochs_done = data.epoch;
        break;
      }
      case 'completed': {
        const card = cardJson ? parseModelCard(cardJson) : null;
        if (card) Object.assign(changes, cardColumns(card));
        break;
      }
    }
    await this.models.recordEvent(
      modelId,
      stored ? { sequence: event.sequence, type: event.type, data: JSON.stringify(event.data) } : null,
      changes,
      epoch,
    );
    if (changes.status === 'failed') await this.runs.writeFailed(modelId);
    this.live.next({ modelId, event });
  }
}
