import { type ApiSchema } from '../../shared/api-schema';

export type ModelGainDto = ApiSchema<'ModelGainDto'>;
export type GainMetricDto = ApiSchema<'GainMetricDto'>;
export type GainState = ModelGainDto['state'];

export const GAIN_METRIC_LABELS: Record<GainMetricDto['metric'], string> = {
  dice: 'Dice',
  iou: 'IoU',
  nsd: 'NSD',
  hausdorff95: 'HD95',
  surfaceDistance: 'ASD',
};

/** What the panel says while the gain has no numbers yet. */
export const GAIN_STATE_TEXT: Record<GainState, string> = {
  'waiting-for-model': 'The gain is evaluated once this model (and its parent) have completed.',
  'not-started': 'Not evaluated yet.',
  running: 'Evaluating both models on the same cases…',
  completed: '',
  failed: 'An evaluation of the gain failed.',
};

/** Whether the difference is an improvement: up for overlaps, down for distances; null when unknown or none. */
export function isGain(m: GainMetricDto): boolean | null {
  if (m.difference === null || m.difference === 0) return null;
  return m.higherIsBetter ? m.difference > 0 : m.difference < 0;
}

/** `+0.042` / `−1.3`: a signed difference with the metric's precision (distances in their unit). */
export function formatDifference(m: GainMetricDto): string {
  if (m.difference === null) return '–';
  const digits = m.higherIsBetter ? 3 : 2;
  const text = Math.abs(m.difference).toFixed(digits);
  return `${m.difference < 0 ? '−' : '+'}${text}`;
}

export function formatMetric(m: GainMetricDto, value: number | null): string {
  return value === null ? '–' : value.toFixed(m.higherIsBetter ? 3 : 2);
}
