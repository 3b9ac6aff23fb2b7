import { formatDuration } from '../../shared/format';
import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';
import { type ChipTone, type ChipView } from '../../shared/status-chip';
import { type JobState } from '../training/model.model';

export { type JobState } from '../training/model.model';

/** Mean, median, population std and count of one metric over the images where it is defined. */
export type Stat = ApiSchema<'StatDto'>;
export type Aggregate = ApiSchema<'AggregateDto'>;
export type MetricStats = Omit<Aggregate, 'perClass'>;
export type ClassMetricStats = ApiSchema<'ClassMetricStatsDto'>;
export type JobProgress = ApiSchema<'JobProgressDto'>;
export type EvaluationDto = ApiSchema<'EvaluationDto'>;
export type EvaluationSubset = EvaluationDto['subset'];
export type ImageMetrics = Omit<ApiSchema<'ClassImageMetricsDto'>, 'classIndex' | 'labelValue'>;
export type EvaluationImageDto = ApiSchema<'EvaluationImageDto'>;
export type BatchFailure = ApiSchema<'BatchFailureDto'>;
export type BatchDto = ApiSchema<'BatchDto'>;
export type CreateEvaluationBody = ApiSchema<'CreateEvaluationDto'>;

export type ExportFormat = NonNullable<ApiQuery<'ExportController_export'>['format']>;

export const EXPORT_FORMATS: readonly { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'onnx', label: 'ONNX', hint: 'model.onnx, verified with onnxruntime' },
  {
    value: 'torchscript',
    label: 'TorchScript',
    hint: 'model.torchscript.pt, loads with torch.jit.load',
  },
];

/** The rows of an aggregate table, in the order they are shown. */
export const METRICS: readonly {
  key: keyof MetricStats;
  label: string;
  /** Distances are better low, overlaps high. */
  higherIsBetter: boolean;
  digits: string;
}[] = [
  { key: 'dice', label: 'Dice', higherIsBetter: true, digits: '1.3-3' },
  { key: 'iou', label: 'IoU', higherIsBetter: true, digits: '1.3-3' },
  { key: 'hausdorff95', label: 'HD95 (px)', higherIsBetter: false, digits: '1.2-2' },
  { key: 'surfaceDistance', label: 'ASD (px)', higherIsBetter: false, digits: '1.2-2' },
];

export const ACTIVE_STATES: readonly JobState[] = ['queued', 'running'];

export function isActive(state: JobState): boolean {
  return ACTIVE_STATES.includes(state);
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
