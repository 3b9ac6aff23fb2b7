import {
  type EpochDto,
  type HyperparametersDto,
  type ModelDefaultsDto,
  type ModelDetailDto,
  type ModelDto,
} from '../features/training/model.model';

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
    ...overrides,
  };
}

export function defaultsDto(): ModelDefaultsDto {
  return {
    hyperparameters: hyperparametersDto(),
    ranges: {
      epochs: { min: 1, max: 500, step: 1 },
      learningRate: { min: 0.000001, max: 1 },
      batchSize: { min: 1, max: 256, step: 1 },
      inputSize: { min: 32, max: 1024, step: 16 },
      validationFraction: { min: 0.05, max: 0.5, step: 0.05 },
      seed: { min: 0, max: 2147483647, step: 1 },
      depth: { min: 2, max: 6, step: 1 },
      baseChannels: { min: 4, max: 128, step: 1 },
    },
  };
}

export function modelDto(overrides: Partial<ModelDto> = {}): ModelDto {
  return {
    id: MODEL_ID,
    name: 'brain-unet',
    version: 1,
    datasetId: '6f1c2b7e-0000-4000-8000-000000000001',
    datasetName: 'brain-slices',
    architecture: 'unet',
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
    ...overrides,
  };
}

/** Metrics of one epoch that improve steadily with the epoch number. */
export function epochDto(epoch: number, overrides: Partial<EpochDto> = {}): EpochDto {
  const dice = Math.min(0.95, 0.5 + epoch * 0.02);
  return {
    epoch,
    trainLoss: 1 / (epoch + 1),
    valLoss: 1.1 / (epoch + 1),
    valDice: dice,
    valIou: dice * 0.85,
    valDicePerClass: [0.99, dice],
    valIouPerClass: [0.98, dice * 0.85],
    learningRate: 0.001,
    samplesPerSecond: 45.2,
    elapsedSeconds: epoch * 40,
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
    classes: { labelValues: [0, 255], classCount: 2 },
    split: { method: 'by volume', trainCount: 145, valCount: 36 },
    weights: { bestBytes: 31_000_000, lastBytes: 31_000_000, bestSha256: 'ab12'.repeat(16) },
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
