import { type ApiSchema } from '../api-schema';
import { formatDuration } from '../format';
import { type ChipTone, type ChipView } from '../status-chip';

/** The job types every job page shares (training, evaluation, batch), as the gateway sends them. */

export type JobStatus = ApiSchema<'JobStatusDto'>;
export type JobState = JobStatus['state'];

/** Why a job ended as it did; null while it runs or after a normal end. */
export type JobReason = NonNullable<JobStatus['reason']>;

export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];
const ACTIVE_STATES: readonly JobState[] = ['queued', 'running'];

export function isActive(state: JobState): boolean {
  return ACTIVE_STATES.includes(state);
}

/**
 * State of a job's live event stream: `connecting` (also while the browser reconnects by
 * itself), `open`, `closed` (not needed: the job is over, or the page was left) or `lost` (the
 * gateway refused the stream; it is opened again every few seconds).
 */
export type LiveState = 'connecting' | 'open' | 'closed' | 'lost';

/** Training: progress inside the running epoch (live only). */
export type TrainingStep = ApiSchema<'StepProgressDto'>;

/** Training: the validation scores after one epoch; a score without a value is null. */
export type EpochMetrics = ApiSchema<'EpochDto'>;

/** Evaluation and batch: images done so far (live only). */
export type JobProgress = ApiSchema<'JobProgressDto'>;

/**
 * One `job` event of a job's SSE stream; `type` names the payload that is set (`completed`: the
 * job's work is stored, just before its completed status).
 */
export type JobEventDto = ApiSchema<'JobEventDto'>;

export function isTerminalEvent(event: JobEventDto): boolean {
  return event.type === 'status' && !!event.status && TERMINAL_STATES.includes(event.status.state);
}

/** `Images 12/35 · 3.9 images/s · ETA 6s`; what a job's progress bar says. */
export function jobProgressText(progress: JobProgress | null, state: JobState): string {
  if (state === 'queued') return 'Waiting in the queue';
  if (!progress || progress.total <= 0) return state === 'running' ? 'Starting…' : '';
  const parts = [`Images ${progress.done}/${progress.total}`];
  if (progress.failed > 0) parts.push(`${progress.failed} failed`);
  if (progress.imagesPerSecond > 0) parts.push(`${progress.imagesPerSecond.toFixed(1)} images/s`);
  if (state === 'running' && progress.etaSeconds > 0) {
    parts.push(`ETA ${formatDuration(progress.etaSeconds)}`);
  }
  return parts.join(' · ');
}

export function jobPercent(progress: JobProgress | null): number {
  return progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0;
}

const JOB_CHIPS: Record<JobState, { tone: ChipTone; label: string }> = {
  queued: { tone: 'waiting', label: 'Queued' },
  running: { tone: 'active', label: 'Running' },
  completed: { tone: 'ok', label: 'Completed' },
  failed: { tone: 'error', label: 'Failed' },
  cancelled: { tone: 'muted', label: 'Cancelled' },
};

/** An evaluation's or batch's status chip: `Queued #2`, `Running`, `Completed`, … */
export function jobChip(state: JobState, queuePosition = 0): ChipView {
  if (state === 'queued' && queuePosition > 0) {
    return { tone: 'waiting', label: `Queued #${queuePosition}` };
  }
  return JOB_CHIPS[state];
}
