/**
 * A metric as the API serves it: a finite number, or null where it has no value. The ml-service sends
 * NaN for a Dice/IoU of a class absent from both prediction and truth (docs/evaluation.md); JSON has
 * no NaN, and a null says "left out of the mean" where 0 or 1 would lie.
 */
export function metricValue(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Each entry through metricValue; anything that is not an array gives []. */
export function metricValues(values: unknown): (number | null)[] {
  return Array.isArray(values) ? values.map(metricValue) : [];
}
