import {
  type EpochDto,
  type HyperparametersDto,
  type ModelDefaultsDto,
  type ModelDetailDto,
  type ModelDto,
  type ModelMetricsDto,
  type ModelPostProcessingDto,
  type ParameterRange,
} from '../features/training/model.model';
import { ADA } from './owner-fixtures';

export const MODEL_ID = '9b2e4f10-0000-4000-8000-000000000042';

export function hyperparametersDto(
  overrides: Partial<HyperparametersDto> = {},
): HyperparametersDto {
  return {
    epochs: 30,
    learningRate: 0.001,
    batchSize: 8,
    architecture: 'unet',
    inputSize: 256,
    validationFraction: 0.2,
    augmentation: true,
    optimizer: 'adam',
    loss: 'dice_ce',
    seed: 42,
    depth: 4,
    baseChannels: 32,
    encoderDepth: 34,
    patchSize: [],
    targetSpacing: [],
    foregroundOversampling: 0.33,
    dropout: 0,
    guided: false,
    augmentationPreset: 'nnunet',
    lrSchedule: 'poly',
    earlyStoppingPatience: 0,
    ...overrides,
  };
}

function range(min: number, max: number, step: number): ParameterRange {
  return { min, max, step, minExclusive: false, allowed: [] };
}

export function defaultsDto(): ModelDefaultsDto {
  return {
    hyperparameters: hyperparametersDto(),
    ranges: {
      epochs: range(1, 500, 1),
      learningRate: range(0.000001, 1, 0.000001),
      batchSize: range(1, 256, 1),
      inputSize: range(32, 1024, 16),
      validationFraction: range(0.05, 0.5, 0.05),
      seed: range(0, 2147483647, 1),
      depth: range(2, 6, 1),
      baseChannels: range(4, 128, 1),
      patchSize: range(8, 512, 2),
      targetSpacing: range(0, 20, 0.01),
      foregroundOversampling: range(0, 1, 0.01),
      dropout: range(0, 0.5, 0.05),
      earlyStoppingPatience: range(0, 500, 1),
    },
    inputSizeRules: [
      ...[2, 3, 4, 5, 6].map((depth) => ({
        architecture: 'unet' as const,
        depth,
        multiple: Math.max(16, 2 ** (depth - 1)),
      })),
      { architecture: 'resunet', depth: null, multiple: 32 },
    ],
  };
}

export function modelDto(overrides: Partial<ModelDto> = {}): ModelDto {
  return {
    id: MODEL_ID,
    name: 'brain-unet',
    version: 1,
    datasetId: '6f1c2b7e-0000-4000-8000-000000000001',
    datasetName: 'brain-slices',
    datasetVersion: 1,
    parentModelId: null,
    childModelIds: [],
    trigger: 'manual',
    architecture: 'unet',
    guided: false,
    status: 'completed',
    jobState: 'completed',
    queuePosition: 0,
    error: null,
    reason: null,
    stoppedEarly: false,
    createdAt: '2025-03-04T11:00:00.000Z',
    trainedAt: '2025-03-04T11:20:00.000Z',
    epochsDone: 30,
    epochs: 30,
    bestDice: 0.873,
    progress: null,
    metrics: null,
    owner: ADA,
    visibility: 'private',
    canChange: true,
    ...overrides,
  };
}

/** A model card's final metrics: label 2 is in neither the validation masks nor the predictions. */
export function modelMetricsDto(overrides: Partial<ModelMetricsDto> = {}): ModelMetricsDto {
  return {
    bestEpoch: 7,
    bestDice: 0.612,
    bestIou: 0.47,
    perClass: [
      { labelValue: 0, dice: 0.991, iou: 0.982 },
      { labelValue: 1, dice: 0.612, iou: 0.47 },
      { labelValue: 2, dice: null, iou: null },
    ],
    epochsRun: 10,
    ...overrides,
  };
}

/** Metrics of one epoch that improve steadily with the epoch number. */
export function epochDto(epoch: number, overrides: Partial<EpochDto> = {}): EpochDto {
  const dice = Math.min(0.95, 0.5 + epoch * 0.02);
  return {
    epoch,
    epochs: 30,
    trainLoss: 1 / (epoch + 1),
    valLoss: 1.1 / (epoch + 1),
    valDice: dice,
    valIou: dice * 0.85,
    valDicePerClass: [0.99, dice],
    valIouPerClass: [0.98, dice * 0.85],
    learningRate: 0.001,
    samplesPerSecond: 45.2,
    elapsedSeconds: epoch * 40,
    etaSeconds: (30 - epoch) * 40,
    isBest: true,
    ...overrides,
  };
}

export function modelDetailDto(overrides: Partial<ModelDetailDto> = {}): ModelDetailDto {
  const history = overrides.history ?? [epochDto(1), epochDto(2)];
  return {
    ...modelDto({ epochsDone: history.length, bestDice: history.at(-1)?.valDice ?? null }),
    hyperparameters: hyperparametersDto(),
    history,
    classes: {
      labelValues: [0, 255],
      classCount: 2,
      labels: [{ value: 255, name: 'lesion', color: '' }],
    },
    split: { method: 'by volume', trainCount: 145, valCount: 36 },
    weights: {
      bestBytes: 31_000_000,
      lastBytes: 31_000_000,
      bestSha256: 'ab12'.repeat(16),
      lastSha256: 'cd34'.repeat(16),
    },
    postProcessing: null,
    ...overrides,
  };
}

/** A 2-class model's card chose to keep the lesion's largest component and drop specks. */
export function postProcessingDto(
  overrides: Partial<ModelPostProcessingDto> = {},
): ModelPostProcessingDto {
  return {
    largestComponentClasses: [1],
    minComponentSize: [{ classIndex: 1, size: 17 }],
    validationDice: [{ classIndex: 1, before: 0.8, after: 0.845 }],
    validationCases: 4,
    trainingCases: 0,
    note: 'validation slices predicted with the best weights',
    ...overrides,
  };
}

/** The same model while it trains: no weights yet. */
export function trainingDetailDto(overrides: Partial<ModelDetailDto> = {}): ModelDetailDto {
  return modelDetailDto({
    status: 'training',
    jobState: 'running',
    trainedAt: null,
    bestDice: 0.54,
    weights: null,
    ...overrides,
  });
}
