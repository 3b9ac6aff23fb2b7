import { formatDuration } from '../format';

/** The job types every job page shares (training, evaluation, batch), as the gateway sends them. */

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Why a job ended as it did; null while it runs or after a normal end. */
export type JobReason =
  | 'cancelled_by_user'
  | 'service_stopped'
  | 'storage_error'
  | 'out_of_memory'
  | 'invalid_input'
  | 'internal_error'
  | 'stopped_early';

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

export interface JobStatus {
  state: JobState;
  /** 1 = next to run; 0 when not queued. */
  queuePosition: number;
  reason: JobReason | null;
  message: string;
}

/** Training: progress inside the running epoch (live only). */
export interface TrainingStep {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  trainLoss: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

/** Training: the validation scores after one epoch. */
export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  epochs?: number;
  trainLoss: number;
  valLoss: number;
  /** Mean over foreground classes. */
  valDice: number;
  valIou: number;
  /** Index i = class i, background included. */
  valDicePerClass: number[];
  valIouPerClass: number[];
  learningRate: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds?: number;
  isBest: boolean;
}

/** Evaluation and batch: images done so far (live only). */
export interface JobProgress {
  done: number;
  total: number;
  failed: number;
  imagesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

/** The job's work is stored, just before its completed status. */
export interface JobCompleted {
  /** Training. */
  bestEpoch?: number;
  bestValDice?: number;
  stoppedEarly?: boolean;
  /** Evaluation and batch. */
  reportBytes?: number;
  masksBytes?: number;
  csvBytes?: number;
}

/** One `job` event of a job's SSE stream; `type` names the payload that is set. */
export interface JobEventDto {
  sequence: number;
  /** ISO 8601. */
  time: string;
  type: 'status' | 'step' | 'epoch' | 'progress' | 'completed';
  status?: JobStatus;
  step?: TrainingStep;
  epoch?: EpochMetrics;
  progress?: JobProgress;
  completed?: JobCompleted;
}

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
