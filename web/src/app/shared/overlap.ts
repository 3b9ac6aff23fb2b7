/**
 * Dice and IoU of one predicted class map against its ground truth: the ml-service's rule
 * (ml-service/medseg_ml/metrics/overlap.py, docs/evaluation.md), so the viewer can score the mask it
 * shows at the current threshold. A class absent from both prediction and truth has no value (null)
 * and is left out of the mean; it never counts as 1.
 */
export interface OverlapScores {
  /** Index i = class i, background included; null where the class is in neither map. */
  dicePerClass: (number | null)[];
  iouPerClass: (number | null)[];
  /** Mean over the foreground classes that have a value; null when none has. */
  dice: number | null;
  iou: number | null;
}

/**
 * @param predicted class index per pixel
 * @param truth class index per pixel, same length
 * @param classCount classes of the model, background included; larger indices are ignored
 */
export function overlapScores(
  predicted: ArrayLike<number>,
  truth: ArrayLike<number>,
  classCount: number,
): OverlapScores {
  if (predicted.length !== truth.length) {
    throw new Error(`The prediction has ${predicted.length} pixels but the truth ${truth.length}`);
  }
  const inPrediction = new Float64Array(classCount);
  const inTruth = new Float64Array(classCount);
  const shared = new Float64Array(classCount);
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i];
    const t = truth[i];
    if (p < classCount) inPrediction[p]++;
    if (t < classCount) inTruth[t]++;
    if (p === t && p < classCount) shared[p]++;
  }
  const dicePerClass: (number | null)[] = [];
  const iouPerClass: (number | null)[] = [];
  for (let c = 0; c < classCount; c++) {
    const total = inPrediction[c] + inTruth[c];
    dicePerClass.push(total > 0 ? (2 * shared[c]) / total : null);
    iouPerClass.push(total > 0 ? shared[c] / (total - shared[c]) : null);
  }
  return {
    dicePerClass,
    iouPerClass,
    dice: foregroundMean(dicePerClass),
    iou: foregroundMean(iouPerClass),
  };
}

/** Mean of the foreground (index 1 on) values that are not null; null when there are none. */
export function foregroundMean(values: readonly (number | null)[]): number | null {
  const defined = values.slice(1).filter((v): v is number => v !== null);
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
}
