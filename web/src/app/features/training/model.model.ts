import {
  type EpochMetrics,
  type JobReason,
  type JobState,
  type TrainingStep,
} from '../../shared/jobs/job.model';
import { type SortOrder } from '../datasets/dataset.model';

export type Architecture = 'unet' | 'attention_unet' | 'resunet';
export type Optimizer = 'adam' | 'adamw' | 'sgd';
export type LossFunction = 'dice_ce' | 'dice' | 'cross_entropy';
export type EncoderDepth = 18 | 34;

/**
 * A job cancelled before its first epoch ends `failed` with the error "cancelled"; after it, the
 * model is `completed` with its best epoch and `stoppedEarly`.
 */
export type ModelStatus = 'training' | 'completed' | 'failed';

export interface HyperparametersDto {
  epochs: number;
  learningRate: number;
  batchSize: number;
  architecture: Architecture;
  /** Images are resized to inputSize × inputSize for training. */
  inputSize: number;
  /** Share of the pairs held out for validation. */
  validationFraction: number;
  augmentation: boolean;
  optimizer: Optimizer;
  loss: LossFunction;
  seed: number;
  /** U-Net levels (unet, attention_unet). */
  depth: number;
  /** Channels of the first level, doubled at each level (unet, attention_unet). */
  baseChannels: number;
  /** ResNet encoder (resunet). */
  encoderDepth: EncoderDepth;
}

export type NumericHyperparameter = {
  [K in keyof HyperparametersDto]: HyperparametersDto[K] extends number ? K : never;
}[keyof HyperparametersDto];

export interface ParameterRange {
  min: number;
  max: number;
  step?: number;
}

export interface ModelDefaultsDto {
  hyperparameters: HyperparametersDto;
  ranges: Partial<Record<string, ParameterRange>>;
}

export interface CreateModelBody {
  name: string;
  datasetId: string;
  hyperparameters: HyperparametersDto;
}

export interface ModelDto {
  id: string;
  name: string;
  version: number;
  datasetId: string;
  datasetName: string;
  architecture: string;
  status: ModelStatus;
  jobState: JobState;
  /** 1 = next to run; 0 when not queued. */
  queuePosition: number;
  error: string | null;
  /** Why the job ended as it did; null while training or after a normal end. */
  reason: JobReason | null;
  /** A cancel stopped the training after at least one epoch: the model is its best epoch. */
  stoppedEarly: boolean;
  /** ISO 8601. */
  createdAt: string;
  trainedAt: string | null;
  epochsDone: number;
  epochs: number;
  bestDice: number | null;
  /** The latest step of the running epoch while training, else null. */
  progress: TrainingStep | null;
}

/** Validation metrics of one epoch (history and live events alike). */
export type EpochDto = EpochMetrics;

export interface ModelDetailDto extends ModelDto {
  hyperparameters: HyperparametersDto;
  history: EpochDto[];
  classes: { labelValues: number[]; classCount: number } | null;
  split: { method: string; trainCount: number; valCount: number } | null;
  weights: { bestBytes: number; lastBytes: number; bestSha256: string } | null;
}

export type ModelSort = 'createdAt' | 'name' | 'bestDice';

export interface ModelListQuery {
  /** 1-based, as the API counts. */
  page: number;
  pageSize: number;
  sort: ModelSort;
  order: SortOrder;
}

export const MODEL_SORTS: readonly ModelSort[] = ['createdAt', 'name', 'bestDice'];

export const ARCHITECTURES: readonly { value: Architecture; label: string; hint: string }[] = [
  { value: 'unet', label: 'U-Net', hint: 'Classic encoder–decoder, skip connections' },
  {
    value: 'attention_unet',
    label: 'Attention U-Net',
    hint: 'Attention gates weigh the skip connections',
  },
  { value: 'resunet', label: 'ResU-Net', hint: 'U-Net decoder on a ResNet encoder' },
];

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
