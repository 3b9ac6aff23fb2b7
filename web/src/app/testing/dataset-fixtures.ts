import {
  type DatasetDetailDto,
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
    thumbnailUrl: `${base}/thumbnail`,
    previewUrl: `${base}/preview`,
  };
}

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 20): Page<T> {
  return { items, total, page: pageNumber, pageSize };
}
