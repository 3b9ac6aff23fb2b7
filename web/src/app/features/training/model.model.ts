import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';
import { type EpochMetrics } from '../../shared/jobs/job.model';
import { type OwnerFilter } from '../../shared/ownership/ownership.model';
import { type ChipView } from '../../shared/status-chip';
import { type SortOrder } from '../datasets/dataset.model';

export type HyperparametersDto = ApiSchema<'HyperparametersDto'>;
export type Architecture = HyperparametersDto['architecture'];
export type Optimizer = HyperparametersDto['optimizer'];
export type LossFunction = HyperparametersDto['loss'];
export type EncoderDepth = HyperparametersDto['encoderDepth'];
export type AugmentationPreset = HyperparametersDto['augmentationPreset'];
export type LrSchedule = HyperparametersDto['lrSchedule'];
/** Augmentation as a person picks it: one of the presets, or none (`augmentation` false). */
export type AugmentationChoice = AugmentationPreset | 'off';

export type ModelDto = ApiSchema<'ModelDto'>;
/**
 * A job cancelled before its first epoch ends `failed` with the error "cancelled"; after it, the
 * model is `completed` with its best epoch and `stoppedEarly`.
 */
export type ModelStatus = ModelDto['status'];

export type NumericHyperparameter = {
  [K in keyof HyperparametersDto]: HyperparametersDto[K] extends number ? K : never;
}[keyof HyperparametersDto];

export type ParameterRange = ApiSchema<'HyperparameterRangeDto'>;
/** inputSize must be a multiple of `multiple` for this architecture at this depth (null: any depth). */
export type InputSizeRule = ApiSchema<'InputSizeRuleDto'>;
/** The ml-service's rules, as GET /api/models/defaults serves them. */
export type ModelDefaultsDto = ApiSchema<'ModelDefaultsDto'>;
/** The rules plus unet_3d's defaults for one dataset (GET /api/training/defaults?datasetId=). */
export type TrainingDefaultsDto = ApiSchema<'TrainingDefaultsDto'>;

/** The multiple inputSize must be for an architecture and depth, from the ml-service's rules. */
export function inputSizeMultiple(
  rules: readonly InputSizeRule[],
  architecture: Architecture,
  depth: number | null,
): number | null {
  const rule =
    rules.find((r) => r.architecture === architecture && r.depth === depth) ??
    rules.find((r) => r.architecture === architecture && r.depth === null);
  return rule?.multiple ?? null;
}

export type CreateModelBody = ApiSchema<'CreateModelDto'>;
/** Validation metrics of one epoch (history and live events alike). */
export type EpochDto = EpochMetrics;
export type ModelDetailDto = ApiSchema<'ModelDetailDto'>;
/** The model card's final metrics; null until the model is completed. */
export type ModelMetricsDto = ApiSchema<'ModelMetricsDto'>;
/** What training chose on validation and every prediction applies; classes by index. */
export type ModelPostProcessingDto = ApiSchema<'ModelPostProcessingDto'>;

/** The summary cards' numbers: the model card's when it has one, else the history's best epoch. */
export interface BestSummary {
  epoch: number;
  dice: number | null;
  iou: number | null;
}

export function bestSummary(
  metrics: ModelMetricsDto | null,
  best: EpochDto | null,
): BestSummary | null {
  if (metrics) return { epoch: metrics.bestEpoch, dice: metrics.bestDice, iou: metrics.bestIou };
  return best ? { epoch: best.epoch, dice: best.valDice, iou: best.valIou } : null;
}

/** One row of the per-class table; null Dice/IoU: absent from both prediction and truth. */
export interface ClassScore {
  index: number;
  label: number;
  dice: number | null;
  iou: number | null;
}

/** Per-class scores at the best epoch: the model card's, else the history's best epoch. */
export function classScores(
  metrics: ModelMetricsDto | null,
  best: EpochDto | null,
  labelValues: readonly number[],
): ClassScore[] {
  if (metrics) {
    return metrics.perClass.map((c, i) => ({
      index: i,
      label: c.labelValue,
      dice: c.dice,
      iou: c.iou,
    }));
  }
  if (!best) return [];
  return best.valDicePerClass.map((dice, i) => ({
    index: i,
    label: labelValues[i] ?? i,
    dice,
    iou: best.valIouPerClass[i] ?? null,
  }));
}

/** The list's Best Dice: the model card's once completed, else the running best. */
export function listBestDice(model: Pick<ModelDto, 'metrics' | 'bestDice'>): number | null {
  return model.metrics?.bestDice ?? model.bestDice;
}

export type ModelSort = NonNullable<ApiQuery<'ModelController_list'>['sort']>;

export interface ModelListQuery {
  /** 1-based, as the API counts. */
  page: number;
  pageSize: number;
  sort: ModelSort;
  order: SortOrder;
  /** Text the name contains; '' for all. */
  search: string;
  /** '' for every status. */
  status: ModelStatus | '';
  /** `me`, `others` or '' for all the caller may see. */
  owner: OwnerFilter;
}

export const MODEL_STATUS_CHOICES: readonly { value: ModelStatus; label: string }[] = [
  { value: 'training', label: 'Training' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed or cancelled' },
];

export const MODEL_SORTS: readonly ModelSort[] = ['createdAt', 'name', 'bestDice'];

export const ARCHITECTURES: readonly { value: Architecture; label: string; hint: string }[] = [
  { value: 'unet', label: 'U-Net', hint: 'Classic encoder–decoder, skip connections' },
  {
    value: 'attention_unet',
    label: 'Attention U-Net',
    hint: 'Attention gates weigh the skip connections',
  },
  { value: 'resunet', label: 'ResU-Net', hint: 'U-Net decoder on a ResNet encoder' },
  {
    value: 'unet_3d',
    label: '3D U-Net',
    hint: 'Patches of whole volumes, predicted by sliding window',
  },
];

/** Architectures that train on volumes, not slices: offered only for datasets with volumes. */
export const VOLUME_ARCHITECTURES: readonly Architecture[] = ['unet_3d'];

export const OPTIMIZERS: readonly { value: Optimizer; label: string }[] = [
  { value: 'adam', label: 'Adam' },
  { value: 'adamw', label: 'AdamW' },
  { value: 'sgd', label: 'SGD with momentum' },
];

export const LOSSES: readonly { value: LossFunction; label: string }[] = [
  { value: 'dice_ce', label: 'Dice + cross-entropy' },
  { value: 'dice', label: 'Dice' },
  { value: 'cross_entropy', label: 'Cross-entropy' },
];

export const AUGMENTATIONS: readonly { value: AugmentationChoice; label: string; hint: string }[] =
  [
    {
      value: 'nnunet',
      label: 'nnU-Net',
      hint: 'Rotation, scaling, noise, blur, brightness, contrast, low resolution, gamma, mirroring',
    },
    { value: 'light', label: 'Light', hint: 'Flips, 90° turns, intensity jitter' },
    { value: 'off', label: 'Off', hint: 'Trains on the images as they are' },
  ];

export const LR_SCHEDULES: readonly { value: LrSchedule; label: string; hint: string }[] = [
  { value: 'poly', label: 'Poly with warm-up', hint: "nnU-Net's decay, after a one-epoch warm-up" },
  { value: 'cosine', label: 'Cosine', hint: 'Cosine annealing, the recipe before poly' },
];

/** The preset that runs, or 'off' when augmentation is off (the preset is then unused). */
export function augmentationChoice(
  h: Pick<HyperparametersDto, 'augmentation' | 'augmentationPreset'>,
): AugmentationChoice {
  return h.augmentation ? h.augmentationPreset : 'off';
}

export function augmentationLabel(
  h: Pick<HyperparametersDto, 'augmentation' | 'augmentationPreset'>,
): string {
  const choice = augmentationChoice(h);
  return AUGMENTATIONS.find((a) => a.value === choice)?.label ?? choice;
}

export function lrScheduleLabel(value: string): string {
  return LR_SCHEDULES.find((s) => s.value === value)?.label ?? value;
}

/** "After 20 epochs without improvement", or "Off" for a patience of 0. */
export function earlyStoppingLabel(patience: number): string {
  if (patience <= 0) return 'Off';
  return `After ${patience} ${patience === 1 ? 'epoch' : 'epochs'} without improvement`;
}

export function architectureLabel(value: string): string {
  return ARCHITECTURES.find((a) => a.value === value)?.label ?? value;
}

export function optimizerLabel(value: string): string {
  return OPTIMIZERS.find((o) => o.value === value)?.label ?? value;
}

export function lossLabel(value: string): string {
  return LOSSES.find((l) => l.value === value)?.label ?? value;
}

/** A failed model that was stopped on purpose rather than one that broke. */
export function isCancelled(model: Pick<ModelDto, 'status' | 'jobState' | 'reason'>): boolean {
  return (
    model.status === 'failed' &&
    (model.jobState === 'cancelled' || model.reason === 'cancelled_by_user')
  );
}

/** A failed model whose weights the ml-service kept: the upload can be retried. */
export function canRetryUpload(model: Pick<ModelDto, 'status' | 'reason'>): boolean {
  return model.status === 'failed' && model.reason === 'storage_error';
}

export type ModelChipInput = Pick<
  ModelDto,
  'status' | 'jobState' | 'queuePosition' | 'reason' | 'epochsDone' | 'epochs' | 'progress'
>;

/** A model's status chip: `Queued #2`, `Epoch 3/30`, `Completed`, `Cancelled`, `Failed`. */
export function modelChip(model: ModelChipInput): ChipView {
  if (model.status === 'completed') return { tone: 'ok', label: 'Completed' };
  if (model.status === 'failed') {
    return isCancelled(model)
      ? { tone: 'muted', label: 'Cancelled' }
      : { tone: 'error', label: 'Failed' };
  }
  if (model.jobState === 'queued') {
    return {
      tone: 'waiting',
      label: model.queuePosition > 0 ? `Queued #${model.queuePosition}` : 'Queued',
    };
  }
  const epochs = model.progress?.epochs || model.epochs;
  // The epoch that runs now: the one progress reports, else the one after those done.
  const epoch = model.progress?.epoch || Math.min(model.epochsDone + 1, epochs);
  return { tone: 'active', label: epochs > 0 ? `Epoch ${epoch}/${epochs}` : 'Training' };
}
