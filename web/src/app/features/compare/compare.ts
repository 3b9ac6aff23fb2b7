import { type EvaluationDto } from '../evaluation/evaluation.model';
import { dataFairness } from './compare-fairness';
import {
  type EpochDto,
  type ModelDetailDto,
  architectureLabel,
  augmentationLabel,
  earlyStoppingLabel,
  lossLabel,
  lrScheduleLabel,
  optimizerLabel,
} from '../training/model.model';

/** Which way a metric improves; `none` rows (settings) are never marked. */
export type Better = 'higher' | 'lower' | 'none';

/**
 * The columns holding the best value of a row: every one that ties for it. Nothing is marked
 * when fewer than two values are known or all are equal, since there is nothing to prefer then.
 */
export function bestIndexes(values: readonly (number | null)[], better: Better): number[] {
  if (better === 'none') return [];
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length < 2) return [];
  const best = better === 'higher' ? Math.max(...known) : Math.min(...known);
  if (known.every((v) => v === best)) return [];
  return values.flatMap((v, i) => (v === best ? [i] : []));
}

/** One model of the comparison with what the table needs besides its detail. */
export interface CompareColumn {
  detail: ModelDetailDto;
  /** The newest completed evaluation, if any. */
  evaluation: EvaluationDto | null;
}

export interface CompareRow {
  key: string;
  label: string;
  group: 'model' | 'metrics' | 'evaluation' | 'hyperparameters';
  /** Text of each column. */
  cells: string[];
  /** Columns holding the best value. */
  best: number[];
  better: Better;
  /** A setting that differs between the models: what may explain a difference in the metrics. */
  differs: boolean;
}

/** The epoch whose weights were kept: marked best, else the highest Dice. */
export function bestEpoch(history: readonly EpochDto[]): EpochDto | null {
  const marked = history.filter((e) => e.isBest).at(-1);
  if (marked) return marked;
  return history.reduce<EpochDto | null>(
    (a, e) => (!a || (e.valDice ?? -1) > (a.valDice ?? -1) ? e : a),
    null,
  );
}

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** The distance unit of the columns' evaluations: "mm", "px", or "mm or px" when they differ. */
function evaluationUnit(columns: readonly CompareColumn[]): string {
  const units = new Set(
    columns.flatMap((c) => (c.evaluation?.aggregate ? [c.evaluation.aggregate.distanceUnit] : [])),
  );
  if (units.size === 0) return 'px';
  return units.size === 1 && !units.has('mixed') ? [...units][0] : 'mm or px';
}

interface Metric {
  key: string;
  label: string;
  group: CompareRow['group'];
  better: Better;
  digits: number;
  value: (c: CompareColumn) => number | null;
}

const METRIC_ROWS: readonly Metric[] = [
  {
    key: 'bestDice',
    label: 'Best val Dice',
    group: 'metrics',
    better: 'higher',
    digits: 3,
    value: (c) => c.detail.bestDice ?? bestEpoch(c.detail.history)?.valDice ?? null,
  },
  {
    key: 'finalDice',
    label: 'Final val Dice',
    group: 'metrics',
    better: 'higher',
    digits: 3,
    value: (c) => c.detail.history.at(-1)?.valDice ?? null,
  },
  {
    key: 'finalIou',
    label: 'Final val IoU',
    group: 'metrics',
    better: 'higher',
    digits: 3,
    value: (c) => c.detail.history.at(-1)?.valIou ?? null,
  },
  {
    key: 'finalTrainLoss',
    label: 'Final train loss',
    group: 'metrics',
    better: 'lower',
    digits: 4,
    value: (c) => c.detail.history.at(-1)?.trainLoss ?? null,
  },
  {
    key: 'finalValLoss',
    label: 'Final val loss',
    group: 'metrics',
    better: 'lower',
    digits: 4,
    value: (c) => c.detail.history.at(-1)?.valLoss ?? null,
  },
  {
    key: 'evalDice',
    label: 'Evaluation mean Dice',
    group: 'evaluation',
    better: 'higher',
    digits: 3,
    value: (c) => c.evaluation?.aggregate?.dice.mean ?? null,
  },
  {
    key: 'evalHd95',
    label: 'Evaluation mean HD95',
    group: 'evaluation',
    better: 'lower',
    digits: 2,
    value: (c) => c.evaluation?.aggregate?.hausdorff95.mean ?? null,
  },
  {
    key: 'evalAsd',
    label: 'Evaluation mean ASD',
    group: 'evaluation',
    better: 'lower',
    digits: 2,
    value: (c) => c.evaluation?.aggregate?.surfaceDistance.mean ?? null,
  },
  {
    key: 'evalNsd',
    label: 'Evaluation mean NSD',
    group: 'evaluation',
    better: 'higher',
    digits: 3,
    value: (c) => c.evaluation?.aggregate?.nsd?.mean ?? null,
  },
];

const DISTANCE_ROWS = new Set(['evalHd95', 'evalAsd']);

function metricRow(metric: Metric, columns: readonly CompareColumn[], ranked: boolean): CompareRow {
  const values = columns.map(metric.value);
  return {
    key: metric.key,
    label: DISTANCE_ROWS.has(metric.key)
      ? `${metric.label} (${evaluationUnit(columns)})`
      : metric.label,
    group: metric.group,
    cells: values.map((v) => fixed(v, metric.digits)),
    // Values measured on different data are shown but never ranked against each other.
    best: ranked ? bestIndexes(values, metric.better) : [],
    better: metric.better,
    differs: false,
  };
}

function textRow(
  key: string,
  label: string,
  group: CompareRow['group'],
  columns: readonly CompareColumn[],
  text: (c: CompareColumn) => string,
): CompareRow {
  const cells = columns.map(text);
  return { key, label, group, cells, best: [], better: 'none', differs: new Set(cells).size > 1 };
}

/** The rows of the comparison table, one column per model, best values marked where fair. */
export function compareRows(columns: readonly CompareColumn[]): CompareRow[] {
  const h = (c: CompareColumn) => c.detail.hyperparameters;
  const fair = dataFairness(columns);
  const rows: CompareRow[] = [
    textRow('architecture', 'Architecture', 'model', columns, (c) =>
      architectureLabel(c.detail.architecture),
    ),
    textRow('dataset', 'Dataset', 'model', columns, (c) => c.detail.datasetName),
    textRow(
      'epochs',
      'Epochs',
      'model',
      columns,
      (c) => `${c.detail.epochsDone}/${c.detail.epochs}`,
    ),
  ];
  rows.push(
    ...METRIC_ROWS.filter((m) => m.group === 'metrics').map((m) =>
      metricRow(m, columns, fair.trainingComparable),
    ),
  );
  rows.push(
    ...METRIC_ROWS.filter((m) => m.group === 'evaluation').map((m) =>
      metricRow(m, columns, fair.evaluationsComparable),
    ),
  );
  rows.push(
    textRow('evaluation', 'Evaluated on', 'evaluation', columns, (c) =>
      c.evaluation
        ? `${c.evaluation.datasetName} · ${c.evaluation.subset === 'validation' ? 'validation' : 'all'} · ${c.evaluation.imageCount} images`
        : 'not evaluated',
    ),
    textRow('encoder', 'Depth / encoder', 'hyperparameters', columns, (c) =>
      h(c).architecture === 'resunet'
        ? `ResNet-${h(c).encoderDepth}`
        : `${h(c).depth} levels · ${h(c).baseChannels} channels`,
    ),
    textRow('learningRate', 'Learning rate', 'hyperparameters', columns, (c) =>
      String(h(c).learningRate),
    ),
    textRow('batchSize', 'Batch size', 'hyperparameters', columns, (c) => String(h(c).batchSize)),
    textRow('inputSize', 'Input size', 'hyperparameters', columns, (c) => `${h(c).inputSize} px`),
    textRow('validationFraction', 'Validation fraction', 'hyperparameters', columns, (c) =>
      String(h(c).validationFraction),
    ),
    textRow('augmentation', 'Augmentation', 'hyperparameters', columns, (c) =>
      augmentationLabel(h(c)),
    ),
    textRow('guided', 'Guided', 'hyperparameters', columns, (c) => (h(c).guided ? 'Yes' : 'No')),
    textRow('optimizer', 'Optimizer', 'hyperparameters', columns, (c) =>
      optimizerLabel(h(c).optimizer),
    ),
    textRow('lrSchedule', 'LR schedule', 'hyperparameters', columns, (c) =>
      lrScheduleLabel(h(c).lrSchedule),
    ),
    textRow('earlyStoppingPatience', 'Early stopping', 'hyperparameters', columns, (c) =>
      earlyStoppingLabel(h(c).earlyStoppingPatience),
    ),
    textRow('loss', 'Loss', 'hyperparameters', columns, (c) => lossLabel(h(c).loss)),
    textRow('seed', 'Seed', 'hyperparameters', columns, (c) => String(h(c).seed)),
  );
  return rows;
}

/** One colour per model in the charts and the table header, in the order the models are listed. */
export const MODEL_COLORS: readonly string[] = [
  '#1565c0',
  '#e65100',
  '#2e7d32',
  '#8e24aa',
  '#c62828',
  '#00838f',
  '#6d4c41',
  '#ad1457',
];

export function modelColor(index: number): string {
  return MODEL_COLORS[index % MODEL_COLORS.length];
}

/** `?ids=a,b,c` as a list: trimmed, without blanks or repeats. */
export function parseIds(value: string | null | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
