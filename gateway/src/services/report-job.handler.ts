import { Logger } from '@nestjs/common';
import type { JobReason, JobState } from '../db/schema';
import { TERMINAL_STATES } from '../dtos/job-event.dto';
import type { JobProgressDto } from '../dtos/job.dto';
import type { JobCompleted } from '../generated/medseg/v1/job';
import type { JobHandler, JobKind, JobRowState, ReceivedEvent } from './job-handler';
import { statusEvent } from './job-events';

/** The columns evaluations and batches share. */
export interface ReportJobChanges {
  state?: JobState;
  queue_position?: number;
  reason?: JobReason | null;
  error?: string | null;
  progress?: JobProgressDto | null;
  image_count?: number;
  failed_count?: number;
  finished_at?: string | null;
  last_sequence?: number;
}

export interface ReportJobRow {
  state: JobState;
  last_sequence: number;
  report_bytes: number;
  finished_at: string | null;
}

/**
 * Evaluation and batch jobs: they end with a report the ml-service wrote to S3, which the gateway
 * reads into SQLite before the job counts as completed; a report it cannot read fails the job.
 */
export abstract class ReportJobHandler implements JobHandler {
  abstract readonly kind: JobKind;
  readonly waitsForService = false;
  protected readonly logger = new Logger(this.constructor.name);

  protected abstract row(id: string): Promise<ReportJobRow | undefined>;
  protected abstract update(id: string, changes: ReportJobChanges): Promise<void>;
  protected abstract activeIds(): Promise<{ id: string }[]>;
  /** Reads the job's report from S3 into its row (and per-image rows). */
  protected abstract ingest(id: string, completed: JobCompleted | null): Promise<void>;

  async listActive(): Promise<string[]> {
    return (await this.activeIds()).map((r) => r.id);
  }

  async state(id: string): Promise<JobRowState | undefined> {
    const row = await this.row(id);
    return row && { active: !TERMINAL_STATES.includes(row.state), lastSequence: row.last_sequence };
  }

  async translate(id: string, received: ReceivedEvent): Promise<ReceivedEvent[]> {
    const { event, raw } = received;
    const completedStatus = event.status?.state === 'completed';
    if (event.type !== 'completed' && !completedStatus) return [received];
    // A completed status without the completed event before it: the report is read now.
    if (completedStatus && ((await this.row(id))?.report_bytes ?? 0) > 0) return [received];
    try {
      await this.ingest(id, raw?.completed ?? null);
      return [received];
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const failed = statusEvent(event.sequence - 1, 'failed', 'storage_error', `The ${this.kind} finished but its report could not be read: ${why}`);
      return [{ event: failed }];
    }
  }

  async apply(id: string, { event }: ReceivedEvent): Promise<void> {
    const changes: ReportJobChanges = { last_sequence: event.sequence };
    if (event.status) {
      const { state, queuePosition, reason, message } = event.status;
      changes.state = state;
      changes.queue_position = state === 'queued' ? queuePosition : 0;
      changes.reason = reason;
      if (TERMINAL_STATES.includes(state)) {
        // A completed job keeps the final progress and the finish time its report gave, so a
        // resync from S3 gives the same row.
        if (state === 'completed') {
          changes.finished_at = (await this.row(id))?.finished_at ?? event.time;
        } else {
          changes.progress = null;
          changes.finished_at = event.time;
          changes.error = message || state;
        }
        this.logger.log(`${this.kind} ${id}: ${state}${reason ? ` [${reason}]` : ''}${message ? ` (${message})` : ''}`);
      }
    } else if (event.progress) {
      changes.progress = event.progress;
      if (event.progress.total > 0) changes.image_count = event.progress.total;
      changes.failed_count = event.progress.failed;
    }
    await this.update(id, changes);
  }

  /** Only a training can continue where it stopped; these start again from the page. */
  resume(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** A cancelled evaluation or batch writes nothing. */
  discard(): Promise<void> {
    return Promise.resolve();
  }
}
