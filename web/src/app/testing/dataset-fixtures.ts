import {
  type CaseDto,
  type DatasetDetailDto,
  type FingerprintDto,
  type DatasetDto,
  type Page,
  type PairDto,
} from '../features/datasets/dataset.model';
import { ADA } from './owner-fixtures';

export function datasetDto(overrides: Partial<DatasetDto> = {}): DatasetDto {
  return {
    id: '6f1c2b7e-0000-4000-8000-000000000001',
    name: 'brain-slices',
    status: 'ready',
    uploadedAt: '2025-03-04T10:15:00.000Z',
    archiveBytes: 80_000_000,
    fileCount: 362,
    pairCount: 181,
    progress: null,
    errors: [],
    warningCount: 0,
    owner: ADA,
    visibility: 'private',
    canChange: true,
    latestVersion: 1,
    ...overrides,
  };
}

export function detailDto(overrides: Partial<DatasetDetailDto> = {}): DatasetDetailDto {
  return {
    ...datasetDto(),
    stats: {
      pairCount: 181,
      volumeCount: 3,
      channels: 1,
      classCount: 3,
      labelValues: [0, 1, 2],
      sizes: [
        { width: 256, height: 256, count: 150 },
        { width: 33, height: 35, count: 31 },
      ],
      modalities: [{ name: 'MR', count: 181 }],
      formats: [
        { name: 'PNG', count: 100 },
        { name: 'NIfTI', count: 81 },
      ],
      normalizedBytes: 12_000_000,
      entryCount: 364,
      uncompressedBytes: 120_000_000,
    },
    warnings: [],
    layout: 'images-masks',
    labels: [],
    fingerprint: null,
    caseCount: 0,
    unlabeledCount: 0,
    ...overrides,
  };
}

/** A dataset of volumes in the MSD layout: 2 labelled cases of 2 channels and 1 unlabeled. */
export function volumeDetailDto(overrides: Partial<DatasetDetailDto> = {}): DatasetDetailDto {
  return detailDto({
    name: 'Task01_BrainTumour',
    pairCount: 36,
    layout: 'msd',
    labels: [
      { value: 0, name: 'background', color: '' },
      { value: 1, name: 'edema', color: '#ffaa00' },
      { value: 2, name: '', color: '' },
    ],
    fingerprint: fingerprintDto(),
    caseCount: 3,
    unlabeledCount: 1,
    ...overrides,
  });
}

export function fingerprintDto(overrides: Partial<FingerprintDto> = {}): FingerprintDto {
  return {
    caseCount: 3,
    medianShape: [12, 40, 48],
    medianSpacing: [2.5, 0.8, 0.8],
    minSpacing: [2.5, 0.75, 0.75],
    maxSpacing: [3, 0.8, 0.8],
    intensities: [
      { channel: 0, mean: 310, std: 80, min: 0, max: 980, p005: 12, p50: 300, p995: 920 },
      { channel: 1, mean: 720, std: 160, min: 100, max: 2060, p005: 125, p50: 700, p995: 1940 },
    ],
    classFractions: [
      { value: 0, fraction: 0.75 },
      { value: 1, fraction: 0.2 },
      { value: 2, fraction: 0.05 },
    ],
    channelNames: ['FLAIR', 'T1w'],
    ...overrides,
  };
}

export function caseDto(
  index: number,
  overrides: Partial<CaseDto> = {},
  datasetId = datasetDto().id,
): CaseDto {
  const base = `/api/datasets/${datasetId}/cases/${index}`;
  const unlabeled = overrides.unlabeled ?? false;
  return {
    index,
    name: `BRATS_${String(index + 1).padStart(3, '0')}`,
    depth: 12,
    height: 40,
    width: 48,
    channels: 2,
    spacing: [2.5, 0.8, 0.8],
    modality: 'MR',
    imageFormat: 'NIfTI',
    maskFormat: unlabeled ? '' : 'NIfTI',
    labelVoxels: unlabeled
      ? []
      : [
          { value: 0, voxels: 20_000, volumeMl: 32 },
          { value: 1, voxels: 2_500, volumeMl: 4 },
          { value: 2, voxels: 540, volumeMl: 0.864 },
        ],
    intensities: [],
    unlabeled,
    annotationId: null,
    windowCenter: 0,
    windowWidth: 0,
    firstPair: index * 12,
    seriesInstanceUid: '',
    imageUrls: [`${base}/image.nii.gz`, `${base}/image.nii.gz?channel=1`],
    maskUrl: unlabeled ? null : `${base}/mask.nii.gz`,
    ...overrides,
  };
}

export function pairDto(index: number, datasetId = datasetDto().id): PairDto {
  const base = `/api/datasets/${datasetId}/pairs/${index}`;
  return {
    index,
    name: `case_${String(index).padStart(3, '0')}`,
    imagePath: `images/case_${index}.png`,
    maskPath: `masks/case_${index}.png`,
    imageFormat: 'PNG',
    maskFormat: 'PNG',
    width: 256,
    height: 256,
    channels: 1,
    volume: '',
    sliceIndex: 0,
    sliceCount: 1,
    labels: [0, 1],
    modality: 'MR',
    caseIndex: 0,
    unlabeled: false,
    thumbnailUrl: `${base}/thumbnail`,
    previewUrl: `${base}/preview`,
  };
}

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 20): Page<T> {
  return { items, total, page: pageNumber, pageSize };
}
