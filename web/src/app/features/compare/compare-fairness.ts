import { type EvaluationDto } from '../evaluation/evaluation.model';
import { type CompareColumn } from './compare';

/** Newest completed evaluation of a list (the API lists newest first, but do not rely on it). */
export function latestCompleted(evaluations: readonly EvaluationDto[]): EvaluationDto | null {
  return (
    evaluations
      .filter((e) => e.state === 'completed')
      .sort((a, b) =>
        (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt),
      )[0] ?? null
  );
}

/**
 * The evaluation a column is ranked by: with `datasetId`, the newest completed evaluation of all
 * pairs of that dataset (what "Evaluate all on" starts), else null; without, the newest completed.
 */
export function chooseEvaluation(
  evaluations: readonly EvaluationDto[],
  datasetId: string | null,
): EvaluationDto | null {
  if (datasetId === null) return latestCompleted(evaluations);
  return latestCompleted(
    evaluations.filter((e) => e.datasetId === datasetId && e.subset === 'all'),
  );
}

/** Whether the models' numbers rank like with like, and what a person should know when not. */
export interface DataFairness {
  /** Validated on one dataset with one split: the training metrics compare. */
  trainingComparable: boolean;
  /** Every model evaluated on the same pairs: the evaluation rows compare. */
  evaluationsComparable: boolean;
  warnings: string[];
}

const splitKey = (c: CompareColumn) =>
  `${c.detail.datasetId}/${c.detail.hyperparameters.validationFraction}/${c.detail.hyperparameters.seed}`;

export function dataFairness(columns: readonly CompareColumn[]): DataFairness {
  if (columns.length < 2)
    return { trainingComparable: true, evaluationsComparable: true, warnings: [] };
  const warnings: string[] = [];
  const trainedOn = [...new Set(columns.map((c) => c.detail.datasetName || c.detail.datasetId))];
  const trainingComparable = new Set(columns.map(splitKey)).size === 1;
  if (new Set(columns.map((c) => c.detail.datasetId)).size > 1) {
    warnings.push(
      `The models were validated on different datasets (${trainedOn.join(', ')}): their training metrics are not ranked.`,
    );
  } else if (!trainingComparable) {
    warnings.push(
      'The models were validated on different splits of their dataset (validation fraction or seed differ): their training metrics are not ranked.',
    );
  }
  const evaluated = columns.map((c) => c.evaluation);
  const missing = evaluated.filter((e) => e === null).length;
  const keys = new Set(evaluated.flatMap((e) => (e ? [`${e.datasetId}/${e.subset}`] : [])));
  // A validation subset is each model's own split: the same pairs only when the splits agree.
  const sameSplit = evaluated.every((e) => e?.subset !== 'validation') || trainingComparable;
  const evaluationsComparable = missing === 0 && keys.size === 1 && sameSplit;
  if (missing > 0 && missing < columns.length) {
    warnings.push(
      `${missing} of the models ${missing === 1 ? 'has' : 'have'} no completed evaluation.`,
    );
  }
  if (keys.size > 1 || (keys.size === 1 && !sameSplit)) {
    const names = [
      ...new Set(
        evaluated.flatMap((e) => (e ? [`${e.datasetName || e.datasetId} (${e.subset})`] : [])),
      ),
    ];
    warnings.push(
      `Their evaluations used different datasets or pairs (${names.join(', ')}): the evaluation rows are not ranked.`,
    );
  }
  return { trainingComparable, evaluationsComparable, warnings };
}
