import { HttpException, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import type { JobState } from '../db/schema';
import { isTerminalEvent, STORED_EVENT_TYPES, type StatusReason } from '../dtos/job-event.dto';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { JobKind as PbJobKind, JobState as PbJobState } from '../generated/medseg/v1/job';
import { JobEventRepository } from '../repositories/job-event.repository';
import { MlRepository } from '../repositories/ml.repository';
import { BatchJobHandler } from './batch-job.handler';
import { EvaluationJobHandler } from './evaluation-job.handler';
import { JobEventBus } from './job-event-bus';
import type { JobHandler, JobKind, ReceivedEvent } from './job-handler';
import { statusEvent, toJobEventDto } from './job-events';
import { CONFIG } from '../tokens';
import { TrainingJobHandler } from './training-job.handler';

/** How often a resume may fail in a row before the job counts as lost. */
const MAX_RESUMES = 3;
const KINDS: Record<number, JobKind> = {
  [PbJobKind.JOB_KIND_TRAINING]: 'training',
  [PbJobKind.JOB_KIND_EVALUATION]: 'evaluation',
  [PbJobKind.JOB_KIND_BATCH]: 'batch',
};

/**
 * Follows every job (training, evaluation, batch) through the ml-service's one WatchJob stream:
 * each event is stored in job_events (status, epoch, completed), applied to the job's row by its
 * kind's handler, then published to the browsers' SSE streams. Re-attaches at start-up after the
 * last stored sequence; a job the ml-service no longer knows is resumed (training) or failed with
 * the reason. While the ml-service is unreachable a training waits for it; other kinds fail after
 * MEDSEG_ML_REATTACH_MS. A job the gateway gave up on (or a person cancelled while the ml-service
 * was away) is cancelled there once the ml-service answers again.
 */
@Injectable()
export class JobWatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWatchService.name);
  private readonly watching = new Map<string, Promise<void>>();
  private readonly shutdown = new AbortController();
  private readonly handlers: Record<JobKind, JobHandler>;
  private reconciling: Promise<void> | null = null;

  /** When the gateway began following each job (submission, or its own start): job durations count from it. */
  private readonly followedSince = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly ml: MlRepository,
    private readonly events: JobEventRepository,
    private readonly bus: JobEventBus,
    training: TrainingJobHandler,
    evaluation: EvaluationJobHandler,
    batch: BatchJobHandler,
    private readonly metrics: GatewayMetrics,
  ) {
    this.handlers = { training, evaluation, batch };
  }

  onApplicationBootstrap(): void {
    for (const handler of Object.values(this.handlers)) {
      void handler.listActive().then((ids) => ids.forEach((id) => this.attach(handler.kind, id)));
    }
    this.reconcile();
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  attach(kind: JobKind, id: string): void {
    if (this.watching.has(id)) return;
    if (!this.followedSince.has(id)) this.followedSince.set(id, Date.now());
    const run = this.watch(this.handlers[kind], id)
      .catch((error: unknown) => this.logger.error(`${label(kind)} ${id}: watch crashed: ${String(error)}`))
      .finally(() => this.watching.delete(id));
    this.watching.set(id, run);
  }

  /**
   * Ends a job the gateway decides about itself (the ml-service lost it, a cancel found it gone,
   * a retried upload): a status event after the last one, stored and sent like any other.
   */
  async finish(kind: JobKind, id: string, state: JobState, reason: StatusReason | null, message: string): Promise<void> {
    const handler = this.handlers[kind];
    const row = await handler.state(id);
    if (!row) return;
    await this.record(handler, id, { event: statusEvent(row.lastSequence, state, reason, message) });
    this.logger.warn(`${label(kind)} ${id}: ${state}: ${message}`);
  }

  /**
   * Asks the ml-service to stop a job. One it lost (it restarted) or that cannot be reached ends
   * here as cancelled; an unreachable one is cancelled there too once it answers again.
   */
  async cancel(kind: JobKind, id: string): Promise<void> {
    try {
      await this.ml.cancelJob(id);
    } catch (error) {
      const status = error instanceof HttpException ? error.getStatus() : 0;
      if (status === 404) {
        await this.finish(kind, id, 'cancelled', 'cancelled_by_user', 'cancelled');
      } else if (status === 503 || status === 504) {
        await this.finish(kind, id, 'cancelled', 'cancelled_by_user', 'cancelled while the ml-service was unreachable');
        this.reconcile();
      } else {
        throw error;
      }
    }
  }

  /** Stores, applies and publishes events the gateway made itself (a completed upload retry). */
  async recordAll(kind: JobKind, id: string, received: ReceivedEvent[]): Promise<void> {
    for (const r of received) await this.record(this.handlers[kind], id, r);
  }

  private async watch(handler: JobHandler, id: string): Promise<void> {
    let lostSince: number | null = null;
    let waiting = false;
    let resumes = 0;
    for (;;) {
      const row = await handler.state(id);
      if (!row?.active) return;
      try {
        for await (const message of this.ml.watchJob({ jobId: id, afterSequence: row.lastSequence }, this.shutdown.signal)) {
          if (waiting) this.logger.log(`${label(handler.kind)} ${id}: the ml-service answers again`);
          lostSince = null;
          waiting = false;
          resumes = 0;
          if (message.event) await this.receive(handler, id, message.event);
        }
        if (!(await handler.state(id))?.active) return;
        // The stream ended without a final state: the ml-service is stopping. Try again below.
        throw new Error('the watch stream ended before the job did');
      } catch (error) {
        if (this.shutdown.signal.aborted) return;
        if (error instanceof HttpException && error.getStatus() === 404) {
          const current = await handler.state(id);
          if (!current?.active) return;
          if (resumes < MAX_RESUMES && (await this.resume(handler, id, current.lastSequence))) {
            resumes++;
            continue;
          }
          await this.finish(handler.kind, id, 'failed', 'service_stopped', `The ml-service restarted and lost this ${handler.kind} job; start it again`);
          return;
        }
        lostSince ??= Date.now();
        const away = Date.now() - lostSince;
        if (away > this.config.mlReattachMs) {
          const reason = error instanceof Error ? error.message : String(error);
          if (!handler.waitsForService) {
            await this.finish(handler.kind, id, 'failed', 'service_stopped', `Lost contact with the ml-service during the ${handler.kind} (${reason}); start it again`);
            // It may still run there: stop it once the ml-service answers, so it writes nothing.
            this.reconcile();
            return;
          }
          if (!waiting) this.logger.warn(`${label(handler.kind)} ${id}: the ml-service is unreachable (${reason}); waiting for it to resume the job`);
          waiting = true;
        }
        // Every second at first; a long outage is polled less often.
        await sleep(away > this.config.mlReattachMs ? 5000 : 1000, this.shutdown.signal);
      }
    }
  }

  /** Resolves when the job's watch stream ends (the job is over, or the ml-service went away). */
  private async drain(jobId: string): Promise<void> {
    try {
      for await (const message of this.ml.watchJob({ jobId, afterSequence: 0 }, this.shutdown.signal)) void message;
    } catch {
      // Gone or unreachable: nothing more will be written through its URLs for now.
    }
  }

  private async resume(handler: JobHandler, id: string, lastSequence: number): Promise<boolean> {
    try {
      const resumed = await handler.resume(id, lastSequence);
      if (resumed) this.logger.log(`${label(handler.kind)} ${id}: the ml-service lost it; resumed after event ${lastSequence}`);
      return resumed;
    } catch (error) {
      this.logger.warn(`${label(handler.kind)} ${id}: resume failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private async receive(handler: JobHandler, id: string, raw: Parameters<typeof toJobEventDto>[0]): Promise<void> {
    const event = toJobEventDto(raw);
    if (!event) return;
    // A job the gateway ended itself (e.g. its report could not be read) takes no more events.
    if (!(await handler.state(id))?.active) return;
    for (const received of await handler.translate(id, { event, raw })) await this.record(handler, id, received);
  }

  /** Stored before the row moves on, so a crash in between replays the event rather than losing it. */
  private async record(handler: JobHandler, id: string, received: ReceivedEvent): Promise<void> {
    if (STORED_EVENT_TYPES.includes(received.event.type)) await this.events.append(id, received.event);
    await handler.apply(id, received);
    this.bus.publish(id, received.event);
    if (isTerminalEvent(received.event)) this.ended(handler.kind, id, received.event.status?.state ?? 'failed');
  }

  private ended(kind: JobKind, id: string, state: string): void {
    const since = this.followedSince.get(id);
    this.followedSince.delete(id);
    if (since !== undefined) this.metrics.jobEnded(kind, state, (Date.now() - since) / 1000);
  }

  /**
   * Cancels on the ml-service every job it still runs that the gateway no longer follows (it gave
   * up on it, or the job was deleted). Retries until the ml-service answers; one run at a time.
   */
  private reconcile(): void {
    if (this.reconciling) return;
    this.reconciling = (async () => {
      while (!this.shutdown.signal.aborted) {
        try {
          const { jobs } = await this.ml.listJobs();
          for (const job of jobs) {
            if (job.state !== PbJobState.JOB_STATE_QUEUED && job.state !== PbJobState.JOB_STATE_RUNNING) continue;
            const kind = KINDS[job.kind];
            if (!kind || this.watching.has(job.jobId) || (await this.handlers[kind].state(job.jobId))?.active) continue;
            const ended = this.drain(job.jobId);
            await this.ml.cancelJob(job.jobId);
            this.logger.warn(`${label(kind)} ${job.jobId}: cancelled on the ml-service (the gateway no longer follows it)`);
            void this.handlers[kind].discard(job.jobId, ended).catch((error: unknown) => {
              this.logger.error(`${label(kind)} ${job.jobId}: could not remove what it wrote: ${String(error)}`);
            });
          }
          return;
        } catch {
          await sleep(2000, this.shutdown.signal);
        }
      }
    })().finally(() => (this.reconciling = null));
  }
}

function label(kind: JobKind): string {
  return kind === 'training' ? 'Model' : kind === 'evaluation' ? 'Evaluation' : 'Batch';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
