import { HttpException, Injectable, Logger } from '@nestjs/common';
import type { ModelChanges, ModelStatus } from '../db/schema';
import { type JobStatusDto, TERMINAL_STATES } from '../dtos/job-event.dto';
import type { JobEvent, TrainingCompleted } from '../generated/medseg/v1/job';
import { MlRepository } from '../repositories/ml.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import type { JobHandler, JobRowState, ReceivedEvent } from './job-handler';
import { statusEvent, toJobEventDto } from './job-events';
import { cardColumns, parseModelCard } from './model-card';
import { ModelRunRecord } from './model-run-record.service';
import { modelKeys } from './storage-layout';
import { TrainingRequestService } from './training-request.service';

/** The model's status for a job state: a cancel that kept the best epoch is a completed model. */
function modelStatusOf(state: JobStatusDto): ModelStatus {
  if (state.state === 'completed') return 'completed';
  if (state.state === 'failed' || state.state === 'cancelled') return 'failed';
  return 'training';
}

/**
 * Training jobs: events move the model row (state, progress, epochs, best Dice, the card's fields
 * once completed). A training the ml-service lost resumes from its last epoch checkpoint; a
 * failed upload is retried once with fresh URLs before the model counts as failed.
 */
@Injectable()
export class TrainingJobHandler implements JobHandler {
  readonly kind = 'training' as const;
  readonly waitsForService = true;
  private readonly logger = new Logger(TrainingJobHandler.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly ml: MlRepository,
    private readonly requests: TrainingRequestService,
    private readonly storage: StorageRepository,
    private readonly runs: ModelRunRecord,
  ) {}

  async listActive(): Promise<string[]> {
    return (await this.models.listTraining()).map((r) => r.id);
  }

  async state(id: string): Promise<JobRowState | undefined> {
    const row = await this.models.getById(id);
    return row && { active: row.status === 'training', lastSequence: row.last_sequence };
  }

  async translate(id: string, received: ReceivedEvent): Promise<ReceivedEvent[]> {
    const status = received.event.status;
    if (!status || !TERMINAL_STATES.includes(status.state)) return [received];
    // The ml-service is stopping: the job keeps its checkpoint, and the watcher resumes it when
    // the ml-service is back (it will not know the job then), continuing this sequence.
    if (status.reason === 'service_stopped') {
      this.logger.log(`Model ${id}: the ml-service stopped; the training resumes when it is back`);
      return [];
    }
    if (status.state !== 'failed' || status.reason !== 'storage_error') return [received];
    // The weights are on the ml-service's disk: one more try with fresh URLs before giving up.
    try {
      return await this.retryUpload(id, received.event.sequence - 1);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Model ${id}: upload retry failed: ${why}`);
      const message = `${status.message || 'The upload of the trained model failed'}; retry the upload (POST /api/models/${id}/retry-upload)`;
      return [{ event: { ...received.event, status: { ...status, message } } }];
    }
  }

  /**
   * Asks the ml-service to upload the artifacts it kept after a failed upload; the events the
   * retry stands for (completed, then a completed status) follow `lastSequence`.
   */
  async retryUpload(id: string, lastSequence: number): Promise<ReceivedEvent[]> {
    const { completed } = await this.ml.retryTrainingUpload({ jobId: id, artifacts: await this.requests.artifacts(id) });
    if (!completed) throw new Error('the ml-service answered without the completed model');
    return completedEvents(lastSequence, completed);
  }

  async apply(id: string, { event, raw }: ReceivedEvent): Promise<void> {
    const changes: ModelChanges = { last_sequence: event.sequence };
    if (event.status) {
      const s = event.status;
      changes.job_state = s.state;
      changes.queue_position = s.state === 'queued' ? s.queuePosition : 0;
      changes.status = modelStatusOf(s);
      changes.reason = s.reason;
      if (TERMINAL_STATES.includes(s.state)) {
        changes.progress = null;
        if (s.state === 'completed') {
          changes.trained_at = event.time;
          changes.error = null;
        } else {
          changes.error = s.message || s.state;
        }
        this.logger.log(`Model ${id}: ${s.state}${s.reason ? ` [${s.reason}]` : ''}${s.message ? ` (${s.message})` : ''}`);
      }
    } else if (event.step) {
      // Steps are live only: the row keeps the latest, for the progress bar.
      changes.progress = event.step;
    } else if (event.epoch) {
      const row = await this.models.getById(id);
      changes.epochs_done = Math.max(row?.epochs_done ?? 0, event.epoch.epoch);
    } else if (event.completed) {
      const card = raw?.trainingCompleted?.cardJson ? parseModelCard(raw.trainingCompleted.cardJson) : null;
      // The card's best Dice is the model's; without a card the epochs' best stands.
      if (card) Object.assign(changes, cardColumns(card));
    }
    await this.models.update(id, changes);
    if (event.epoch) await this.models.updateBestDice(id);
    // A failed or cancelled run has no card: run.json is what a resync restores it from.
    if (changes.status === 'failed') await this.runs.writeFailed(id);
  }

  /**
   * A cancel after the first epoch makes the ml-service store the best epoch as a model; for a
   * model the gateway failed or deleted that would be an orphan a resync brings back. run.json
   * stays: it is the failed run's record.
   */
  async discard(id: string, ended: Promise<void>): Promise<void> {
    await ended;
    const row = await this.models.getById(id);
    if (row?.status === 'completed') return;
    const keys = modelKeys(id);
    await this.storage.deleteKeys([keys.card, keys.best, keys.last]);
    this.logger.warn(`Model ${id}: removed what its abandoned job wrote`);
  }

  async resume(id: string, lastSequence: number): Promise<boolean> {
    const row = await this.models.getById(id);
    if (!row) return false;
    try {
      await this.ml.startTrainingJob(await this.requests.resume(row, lastSequence));
      return true;
    } catch (error) {
      // Started meanwhile (e.g. by a second resume): it is there to watch.
      if (error instanceof HttpException && error.getStatus() === 409) return true;
      throw error;
    }
  }
}

/** What a completed upload retry stands for: the completed event, then the completed status. */
function completedEvents(lastSequence: number, completed: TrainingCompleted): ReceivedEvent[] {
  const raw: JobEvent = { sequence: lastSequence + 1, timeUnixMs: Date.now(), trainingCompleted: completed };
  const reason = completed.stoppedEarly ? 'stopped_early' : null;
  return [{ event: toJobEventDto(raw)!, raw }, { event: statusEvent(raw.sequence, 'completed', reason, '') }];
}
