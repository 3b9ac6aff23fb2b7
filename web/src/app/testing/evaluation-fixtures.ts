import {
  type Aggregate,
  type BatchDto,
  type EvaluationDto,
  type EvaluationImageDto,
  type Stat,
} from '../features/evaluation/evaluation.model';
import { MODEL_ID } from './model-fixtures';
import { ADA } from './owner-fixtures';

export const EVALUATION_ID = '3c1d5a20-0000-4000-8000-000000000007';
export const BATCH_ID = '7e4a9b30-0000-4000-8000-000000000009';

export function stat(mean: number | null, count = 10): Stat {
  const spread = mean === null ? null : 0.05;
  return {
    mean,
    median: mean,
    std: spread,
    p25: mean === null ? null : mean - spread!,
    p75: mean === null ? null : mean + spread!,
    count,
  };
}

export function aggregateDto(overrides: Partial<Aggregate> = {}): Aggregate {
  return {
    dice: stat(0.91),
    iou: stat(0.84),
    hausdorff95: stat(2.5),
    surfaceDistance: stat(0.6),
    nsd: stat(0.8),
    distanceUnit: 'px',
    surfaceTolerance: 1,
    perClass: [
      {
        classIndex: 1,
        labelValue: 255,
        name: '',
        dice: stat(0.91),
        iou: stat(0.84),
        hausdorff95: stat(2.5),
        surfaceDistance: stat(0.6),
        nsd: stat(0.8),
      },
    ],
    ...overrides,
  };
}

export function evaluationDto(overrides: Partial<EvaluationDto> = {}): EvaluationDto {
  return {
    id: EVALUATION_ID,
    modelId: MODEL_ID,
    modelName: 'brain-unet',
    datasetId: '6f1c2b7e-0000-4000-8000-000000000001',
    datasetName: 'brain-slices',
    subset: 'validation',
    datasetVersion: 1,
    splitModelId: null,
    state: 'completed',
    queuePosition: 0,
    error: null,
    reason: null,
    progress: {
      done: 36,
      total: 36,
      failed: 0,
      imagesPerSecond: 4,
      elapsedSeconds: 9,
      etaSeconds: 0,
    },
    imageCount: 36,
    failedCount: 0,
    aggregate: aggregateDto(),
    createdAt: '2025-03-05T09:00:00.000Z',
    finishedAt: '2025-03-05T09:00:09.000Z',
    testTimeMirroring: false,
    owner: ADA,
    canChange: true,
    ...overrides,
  };
}

export function evaluationImageDto(
  position: number,
  dice: number | null,
  overrides: Partial<EvaluationImageDto> = {},
): EvaluationImageDto {
  return {
    position,
    pairIndex: position + 10,
    name: `case_${String(position).padStart(3, '0')}`,
    width: 64,
    height: 64,
    dice,
    iou: dice === null ? null : dice * 0.9,
    hausdorff95: dice === null ? null : 10 * (1 - dice),
    surfaceDistance: dice === null ? null : 2 * (1 - dice),
    nsd: dice,
    kind: 'image',
    shape: [64, 64],
    spacing: [],
    distanceUnit: 'px',
    caseIndex: null,
    perClass: [],
    error: null,
    ...overrides,
  };
}

export function batchDto(overrides: Partial<BatchDto> = {}): BatchDto {
  return {
    id: BATCH_ID,
    modelId: MODEL_ID,
    modelName: 'brain-unet',
    source: 'archive',
    inputName: 'scans.zip',
    datasetId: null,
    state: 'completed',
    queuePosition: 0,
    error: null,
    reason: null,
    progress: {
      done: 20,
      total: 20,
      failed: 1,
      imagesPerSecond: 5,
      elapsedSeconds: 4,
      etaSeconds: 0,
    },
    imageCount: 20,
    failedCount: 1,
    aggregate: null,
    failures: [{ inputName: 'scans/broken.png', error: 'Could not decode the image' }],
    masksBytes: 120_000,
    csvBytes: 2_000,
    createdAt: '2025-03-05T10:00:00.000Z',
    finishedAt: '2025-03-05T10:00:04.000Z',
    testTimeMirroring: false,
    owner: ADA,
    canChange: true,
    ...overrides,
  };
}
