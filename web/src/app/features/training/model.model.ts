import { type SortOrder } from '../datasets/dataset.model';

export type Architecture = 'unet' | 'attention_unet' | 'resunet';
export type Optimizer = 'adam' | 'adamw' | 'sgd';
export type LossFunction = 'dice_ce' | 'dice' | 'cross_entropy';
export type EncoderDepth = 18 | 34;

/** `cancelled` jobs end as `failed` with the error "cancelled". */
export type ModelStatus = 'training' | 'completed' | 'failed';
export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

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
  /** min itself is refused (learning rate > 0). */
  minExclusive?: boolean;
  /** When not empty, the only values accepted. */
  allowed?: number[];
}

/** inputSize must be a multiple of `multiple` for this architecture at this depth (null: any depth). */
export interface InputSizeRule {
  architecture: Architecture;
  depth: number | null;
  multiple: number;
}

/** The ml-service's rules, as GET /api/models/defaults serves them. */
export interface ModelDefaultsDto {
  hyperparameters: HyperparametersDto;
  ranges: Partial<Record<string, ParameterRange>>;
  inputSizeRules: InputSizeRule[];
}

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

export interface CreateModelBody {
  name: string;
  datasetId: string;
  hyperparameters: HyperparametersDto;
}

export interface ModelProgress {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  etaSeconds: number;
  samplesPerSecond: number;
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
  /** ISO 8601. */
  createdAt: string;
  trainedAt: string | null;
  epochsDone: number;
  epochs: number;
  bestDice: number | null;
  progress: ModelProgress | null;
}

export interface EpochDto {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Mean over validation images; null when none has a foreground class in truth or prediction. */
  valDice: number | null;
  valIou: number | null;
  /** Index i = class i, background included; null for a class absent from every image and prediction. */
  valDicePerClass: (number | null)[];
  valIouPerClass: (number | null)[];
  learningRate: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  isBest: boolean;
}

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

// Server-Sent Events of GET /api/models/:id/events; the event type names the payload.

export interface StatusEvent {
  state: JobState;
  queuePosition: number;
  message: string;
}

export interface StepEvent {
  epoch: number;
  epochs: number;
  step: number;
  totalSteps: number;
  trainLoss: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

export interface EpochEvent extends EpochDto {
  epochs: number;
  etaSeconds: number;
}

export interface CompletedEvent {
  bestEpoch: number;
  bestValDice: number;
}

export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

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
export function isCancelled(model: Pick<ModelDto, 'status' | 'jobState' | 'error'>): boolean {
  return (
    model.jobState === 'cancelled' ||
    (model.status === 'failed' && model.error?.trim().toLowerCase() === 'cancelled')
  );
}
