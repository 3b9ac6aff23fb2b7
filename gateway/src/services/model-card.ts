import { metricValue } from '../util/metric-value';
import type { ModelChanges, ModelMetrics, ModelPostProcessing } from '../db/schema';

/**
 * models/<id>/model.json, written by the ml-service when a job completes: the commit marker of the
 * model's prefix and everything a resync needs to rebuild its rows.
 */
export interface ModelCardSummary {
  id: string;
  name: string;
  datasetId: string;
  architecture: string;
  bestDice: number | null;
  bestEpoch: number;
  epochs: number;
  createdAt: string | null;
  finishedAt: string | null;
  split: { method: string; trainCount: number; valCount: number } | null;
  classes: { labelValues: number[]; classCount: number; labels: { value: number; name: string; color: string }[] } | null;
  weights: { bestBytes: number; lastBytes: number; bestSha256: string; lastSha256: string } | null;
  history: Record<string, unknown>[];
  hyperparameters: Record<string, unknown>;
  /** The best epoch's scores; null when the card has no history. */
  metrics: ModelMetrics | null;
  /** A cancel stopped the training after at least one epoch; the model is its best epoch. */
  stoppedEarly: boolean;
  /** Pair indices of the validation split; null when the card has none. */
  validationPairs: number[] | null;
  /** What the network's input has (1 or 3); null when the card does not say. */
  channels: number | null;
  /** The user who trained it (the gateway passed it in StartTrainingJob); null before accounts. */
  ownerId: string | null;
  /** The dataset version trained on (hitl contract); 1 for cards written before versions. */
  datasetVersion: number;
  /** The model a fine-tuning started from; null otherwise. */
  parentModelId: string | null;
  /** What training chose on validation (the card's "postprocessing"); null for cards before it. */
  postProcessing: ModelPostProcessing | null;
}

type Json = Record<string, unknown>;

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Reads the fields the gateway caches; null for anything that is not a MedSeg model card. */
export function parseModelCard(text: string): ModelCardSummary | null {
  let card: Json;
  try {
    card = obj(JSON.parse(text));
  } catch {
    return null;
  }
  if (!str(card.format).startsWith('medseg-model')) return null;
  const split = obj(card.split);
  const classes = obj(card.classes);
  const weights = obj(card.weights);
  const best = obj(weights.best);
  const last = obj(weights.last);
  const bestMetrics = obj(obj(card.metrics).best);
  return {
    id: str(card.model_id),
    name: str(card.name),
    ownerId: typeof card.owner_id === 'string' && card.owner_id ? card.owner_id : null,
    datasetId: str(obj(card.dataset).dataset_id),
    datasetVersion: Math.max(1, num(card.dataset_version ?? obj(card.dataset).version, 1)),
    parentModelId: typeof card.parent_model_id === 'string' && card.parent_model_id ? card.parent_model_id : null,
    architecture: str(card.architecture ?? obj(card.hyperparameters).architecture),
    bestDice: metricValue(bestMetrics.val_dice),
    bestEpoch: num(card.best_epoch),
    epochs: num(obj(card.hyperparameters).epochs),
    createdAt: typeof card.created_at === 'string' ? card.created_at : null,
    finishedAt: typeof card.finished_at === 'string' ? card.finished_at : null,
    split: card.split
      ? {
          method: str(split.method),
          trainCount: arr(split.train).length,
          valCount: arr(split.val).length,
        }
      : null,
    classes: card.classes
      ? {
          labelValues: arr(classes.label_values).map((v) => num(v)),
          classCount: num(classes.class_count),
          // Cards before label names: none; the UI says "label <value>".
          labels: arr(card.labels).map(obj).map((l) => ({ value: num(l.value), name: str(l.name), color: str(l.color) })),
        }
      : null,
    weights: card.weights
      ? { bestBytes: num(best.bytes), lastBytes: num(last.bytes), bestSha256: str(best.sha256), lastSha256: str(last.sha256) }
      : null,
    history: arr(card.history).map(obj),
    hyperparameters: obj(card.hyperparameters),
    metrics: metricsOf(card, bestMetrics),
    // Cards written before 2026-12 spell it stoppedEarly.
    stoppedEarly: card.stopped_early === true || card.stoppedEarly === true,
    validationPairs: Array.isArray(split.val) ? split.val.filter((v): v is number => typeof v === 'number') : null,
    channels: typeof card.channels === 'number' ? card.channels : null,
    postProcessing: postProcessingOf(card.postprocessing),
  };
}

/** The model row's columns a card fills in (on completion and on resync alike). */
export function cardColumns(card: ModelCardSummary): ModelChanges {
  return {
    ...(card.bestDice !== null ? { best_dice: card.bestDice } : {}),
    split: card.split,
    classes: card.classes,
    weights: card.weights,
    metrics: card.metrics,
    post_processing: card.postProcessing,
  };
}

function metricsOf(card: Json, best: Json): ModelMetrics | null {
  if (Object.keys(best).length === 0) return null;
  const labelValues = arr(obj(card.classes).label_values).map((v) => num(v));
  const dice = arr(best.val_dice_per_class);
  const iou = arr(best.val_iou_per_class);
  return {
    bestEpoch: num(best.epoch, num(card.best_epoch)),
    bestDice: metricValue(best.val_dice),
    bestIou: metricValue(best.val_iou),
    perClass: dice.map((d, i) => ({ labelValue: labelValues[i] ?? i, dice: metricValue(d), iou: metricValue(iou[i]) })),
    epochsRun: arr(card.history).length,
  };
}

/** medseg_ml/postprocessing.py PostProcessing.to_dict, keyed by class index (JSON keys are strings). */
function postProcessingOf(value: unknown): ModelPostProcessing | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const pp = obj(value);
  const byClass = (o: unknown) =>
    Object.entries(obj(o))
      .map(([key, v]) => ({ classIndex: Number(key), v }))
      .filter((e) => Number.isInteger(e.classIndex))
      .sort((a, b) => a.classIndex - b.classIndex);
  return {
    largestComponentClasses: arr(pp.largest_component_classes).filter((c): c is number => Number.isInteger(c)),
    minComponentSize: byClass(pp.min_component_size).map(({ classIndex, v }) => ({ classIndex, size: num(v) })),
    // "final" is what was chosen; cards from before minimum sizes have only "after" (largest component).
    validationDice: byClass(pp.validation_dice).map(({ classIndex, v }) => {
      const dice = obj(v);
      return { classIndex, before: metricValue(dice.before), after: metricValue(dice.final ?? dice.after) };
    }),
    validationCases: num(pp.validation_cases),
    trainingCases: num(pp.training_cases),
    note: str(pp.note),
  };
}
