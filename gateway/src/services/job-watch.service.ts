import { HttpException, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Observable, Subject, filter, map } from 'rxjs';
import type { JobState } from '../db/schema';
import type { AggregateDto, JobProgressDto } from '../dtos/job.dto';
import type { JobCompleted, JobEvent } from '../generated/medseg/v1/evaluation_service';
import { BatchRepository } from '../repositories/batch.repository';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { batchKeys } from './storage-layout';
import { evaluationImageRows, parseBatchReport, parseEvaluationReport } from './job-report';
import { JOB_STATES, TERMINAL_STATES } from './training-events';

export type JobKind = 'evaluation' | 'batch';

/** The ml-service's reason for the jobs it cancels while shutting down (medseg_ml/job_queue.py). */
const ML_STOPPING = /ml-service is stopping/;

/** How long a lost watch stream may take to come back before the job counts as lost with it. */
const REATTACH_WINDOW_MS = 15_000;

/** The columns evaluations and batches share. */
interface JobChanges {
  state?: JobState;
  queue_position?: number;
  error?: string | null;
  progress?: JobProgressDto | null;
  image_count?: number;
  failed_count?: number;
  aggregate?: AggregateDto | null;
  finished_at?: string | null;
  last_sequence?: number;
  report_bytes?: number;
}

interface JobRowState {
  state: JobState;
  last_sequence: number;
  report_bytes: number;
  finished_at: string | null;
}

/**
 * Keeps one watch stream per evaluation or batch job: applies each event to its SQLite row and,
 * once the job completes, reads the report the ml-service wrote to S3 into SQLite (aggregate,
 * per-image rows, failures). Re-attaches at start-up to jobs still queued or running; a job the
 * ml-service no longer knows, or an ml-service that stays away, turns failed with the reason.
 */
@Injectable()
export class JobWatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWatchService.name);
  private readonly changed = new Subject<{ kind: JobKind; id: string }>();
  private readonly watching = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly batches: BatchRepository,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
  ) {}

  onApplicationBootstrap(): void {
    void Promise.all([this.evaluations.listActive(), this.batches.listActive()]).then(([evaluations, batches]) => {
      for (const { id } of evaluations) this.attach('evaluation', id);
      for (const { id } of batches) this.attach('batch', id);
    });
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
    this.changed.complete();
  }

  /** Fires after every change to the job's row. */
  changes(kind: JobKind, id: string): Observable<void> {
    return this.changed.pipe(
      filter((c) => c.kind === kind && c.id === id),
      map(() => undefined),
    );
  }

  attach(kind: JobKind, id: string): void {
    const key = `${kind}:${id}`;
    if (this.watching.has(key)) return;
    const run = this.watch(kind, id)
      .catch((error: unknown) => this.logger.error(`${label(kind)} ${id}: watch crashed: ${String(error)}`))
      .finally(() => this.watching.delete(key));
    this.watching.set(key, run);
  }

  /** Resolves when no job is being watched (tests wait on it). */
  async idle(): Promise<void> {
    while (this.watching.size > 0) await Promise.allSettled([...this.watching.values()]);
  }

  /** Marks a job the ml-service does not know (any more) as failed, e.g. when a cancel finds it gone. */
  async lost(kind: JobKind, id: string, reason: string): Promise<void> {
    const row = await this.row(kind, id);
    if (!row || TERMINAL_STATES.includes(row.state)) return;
    await this.update(kind, id, { state: 'failed', error: reason, queue_position: 0, finished_at: new Date().toISOString() });
    this.logger.warn(`${label(kind)} ${id}: failed: ${reason}`);
  }

  private async watch(kind: JobKind, id: string): Promise<void> {
    let lostSince: number | null = null;
    for (;;) {
      const row = await this.row(kind, id);
      if (!row || TERMINAL_STATES.includes(row.state)) return;
      try {
        for await (const message of this.ml.watchJob({ jobId: id, afterSequence: row.last_sequence }, this.shutdown.signal)) {
          lostSince = null;
          if (message.event) await this.apply(kind, id, message.event);
        }
        const after = await this.row(kind, id);
        if (!after || TERMINAL_STATES.includes(after.state)) return;
        // The stream ended without a final state: the ml-service is stopping. Try again below.
        throw new Error('the watch stream ended before the job did');
      } catch (error) {
        if (this.shutdown.signal.aborted) return;
        const status = error instanceof HttpException ? error.getStatus() : 0;
        if (status === 404) {
          await this.lost(kind, id, `The ml-service restarted and lost this ${kind} job; start it again`);
          return;
        }
        lostSince ??= Date.now();
        if (Date.now() - lostSince > REATTACH_WINDOW_MS) {
          const reason = error instanceof Error ? error.message : String(error);
          await this.lost(kind, id, `Lost contact with the ml-service during the ${kind} (${reason}); start it again`);
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async apply(kind: JobKind, id: string, event: JobEvent): Promise<void> {
    const changes: JobChanges = { last_sequence: event.sequence };
    if (event.status) {
      let state = JOB_STATES[event.status.state] ?? 'queued';
      let message = event.status.message;
      // Only a person's cancel is "cancelled"; a job the stopping ml-service dropped failed, and says why.
      if (state === 'cancelled' && ML_STOPPING.test(message)) {
        state = 'failed';
        message = `The ml-service stopped during the ${kind} (${message}); start it again`;
      }
      changes.state = state;
      changes.queue_position = state === 'queued' ? event.status.queuePosition : 0;
      if (TERMINAL_STATES.includes(state)) {
        // A completed job keeps the final progress its report gave (time, images/s).
        if (state !== 'completed') changes.progress = null;
        changes.finished_at = new Date(event.timeUnixMs || Date.now()).toISOString();
        if (state === 'failed') changes.error = message || 'failed';
        if (state === 'cancelled') changes.error = message || 'cancelled';
        if (state === 'completed') {
          let row = await this.row(kind, id);
          // A completed status without the completed event before it: read the report now.
          if (row && row.report_bytes === 0) {
            if (!(await this.ingest(kind, id, null))) return;
            row = await this.row(kind, id);
          }
          // The report's own time, so a resync from S3 gives the same row.
          if (row?.finished_at) changes.finished_at = row.finished_at;
        }
        this.logger.log(`${label(kind)} ${id}: ${state}${message ? ` (${message})` : ''}`);
      }
    } else if (event.progress) {
      const p = event.progress;
      const progress: JobProgressDto = {
        done: p.done,
        total: p.total,
        failed: p.failed,
        imagesPerSecond: p.imagesPerSecond,
        elapsedSeconds: p.elapsedSeconds,
        etaSeconds: p.etaSeconds,
      };
      changes.progress = progress;
      if (p.total > 0) changes.image_count = p.total;
      changes.failed_count = p.failed;
    } else if (event.completed) {
      if (!(await this.ingest(kind, id, event.completed))) return;
    }
    await this.update(kind, id, changes);
  }

  /**
   * Reads the report into SQLite; false (and the job failed) when it cannot be read, since then
   * the job's outputs cannot be trusted.
   */
  private async ingest(kind: JobKind, id: string, completed: JobCompleted | null): Promise<boolean> {
    try {
      if (kind === 'evaluation') await this.ingestEvaluation(id, completed);
      else await this.ingestBatch(id, completed);
      return true;
    } catch (error) {
      await this.lost(kind, id, `The ${kind} finished but its report could not be read: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private async ingestEvaluation(id: string, completed: JobCompleted | null): Promise<void> {
    const row = await this.evaluations.getById(id);
    if (!row) return;
    const text = await this.storage.getText(row.report_key);
    if (text === null) throw new Error(`${row.report_key} is missing`);
    const report = parseEvaluationReport(text);
    if (!report) throw new Error(`${row.report_key} is not a medseg-evaluation-v1 report`);
    await this.evaluations.complete(
      id,
      {
        image_count: report.imageCount,
        failed_count: report.failedCount,
        aggregate: report.aggregate,
        progress: report.finalProgress,
        report_bytes: completed?.reportBytes || Buffer.byteLength(text),
        finished_at: report.finishedAt,
      },
      evaluationImageRows(id, report.images),
    );
  }

  private async ingestBatch(id: string, completed: JobCompleted | null): Promise<void> {
    const keys = batchKeys(id);
    const text = await this.storage.getText(keys.report);
    if (text === null) throw new Error(`${keys.report} is missing`);
    const report = parseBatchReport(text);
    if (!report) throw new Error(`${keys.report} is not a medseg-batch-v1 report`);
    await this.batches.update(id, {
      image_count: report.imageCount,
      failed_count: report.failedCount,
      aggregate: report.aggregate,
      failures: report.failures,
      progress: report.finalProgress,
      masks_bytes: completed?.masksBytes || ((await this.storage.size(keys.masks)) ?? 0),
      csv_bytes: completed?.csvBytes || ((await this.storage.size(keys.csv)) ?? 0),
      report_bytes: completed?.reportBytes || Buffer.byteLength(text),
      finished_at: report.finishedAt,
    });
  }

  private async row(kind: JobKind, id: string): Promise<JobRowState | undefined> {
    return kind === 'evaluation' ? this.evaluations.getById(id) : this.batches.getById(id);
  }

  private async update(kind: JobKind, id: string, changes: JobChanges): Promise<void> {
    if (kind === 'evaluation') await this.evaluations.update(id, changes);
    else await this.batches.update(id, changes);
    this.changed.next({ kind, id });
  }
}

function label(kind: JobKind): string {
  return kind === 'evaluation' ? 'Evaluation' : 'Batch';
}
