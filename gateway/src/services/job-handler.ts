import type { JobEventDto } from '../dtos/job-event.dto';
import type { JobEvent } from '../generated/medseg/v1/job';

export type JobKind = 'training' | 'evaluation' | 'batch';

/** What the watcher needs of a job's row. */
export interface JobRowState {
  /** Queued or running: the watcher follows it. */
  active: boolean;
  /** The last event sequence applied; a re-attached watch resumes after it. */
  lastSequence: number;
}

/** An event as the watcher stores and applies it, with the ml-service's original beside it. */
export interface ReceivedEvent {
  event: JobEventDto;
  raw?: JobEvent;
}

/**
 * The part of watching that differs per job kind: which rows to follow and what an event does to
 * a row. The watcher (job-watch.service.ts) owns the stream, re-attaching, storing and publishing.
 */
export interface JobHandler {
  readonly kind: JobKind;
  /**
   * The job keeps a checkpoint on the ml-service's disk (training): while the ml-service is away the
   * watcher waits for it however long that takes, and the job resumes there. Other kinds fail after
   * MEDSEG_ML_REATTACH_MS.
   */
  readonly waitsForService: boolean;
  listActive(): Promise<string[]>;
  /** Undefined when the job is gone (deleted). */
  state(id: string): Promise<JobRowState | undefined>;
  /**
   * What an ml-service event means before it is stored: usually itself; an evaluation reads its
   * report first, a training retries a failed upload. Returns the events that happened.
   */
  translate(id: string, received: ReceivedEvent): Promise<ReceivedEvent[]>;
  /** Applies one (already stored) event to the job's row. */
  apply(id: string, received: ReceivedEvent): Promise<void>;
  /**
   * The ml-service does not know the job (it restarted): start it again where it stopped.
   * Returns false when this kind cannot resume (the job then fails with the reason).
   */
  resume(id: string, lastSequence: number): Promise<boolean>;
  /**
   * The ml-service was told to cancel a job the gateway no longer follows (it gave up on it, or
   * the job was deleted): remove whatever that job still writes. `ended` resolves when it is over.
   */
  discard(id: string, ended: Promise<void>): Promise<void>;
}
