/** `uploaded`: the archive is stored and the ml-service is still inspecting it. */
export type DatasetStatus = 'uploaded' | 'ready' | 'error';

export interface DatasetProgress {
  phase: 'downloading' | 'scanning' | 'decoding';
  done: number;
  total: number;
}

export interface DatasetDto {
  id: string;
  name: string;
  status: DatasetStatus;
  /** ISO 8601. */
  uploadedAt: string;
  archiveBytes: number;
  fileCount: number;
  pairCount: number;
  progress: DatasetProgress | null;
  errors: string[];
  warningCount: number;
}

export interface DatasetStatsDto {
  pairCount: number;
  volumeCount: number;
  channels: number;
  classCount: number;
  labelValues: number[];
  sizes: { width: number; height: number; count: number }[];
  modalities: { name: string; count: number }[];
  formats: { name: string; count: number }[];
  normalizedBytes: number;
  entryCount: number;
  uncompressedBytes: number;
}

export interface DatasetWarning {
  path: string;
  reason: string;
}

export interface DatasetDetailDto extends DatasetDto {
  stats: DatasetStatsDto | null;
  warnings: DatasetWarning[];
}

/** One image with its mask; a slice of a volume when `sliceCount` > 1. */
export interface PairDto {
  index: number;
  name: string;
  imagePath: string;
  maskPath: string;
  imageFormat: string;
  maskFormat: string;
  width: number;
  height: number;
  channels: number;
  volume: string;
  sliceIndex: number;
  sliceCount: number;
  labels: number[];
  modality: string;
  /** Relative URL of a PNG (≤160 px) with the mask drawn over the image. */
  thumbnailUrl: string;
  /** Relative URL of a PNG (≤512 px) with the mask drawn over the image. */
  previewUrl: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type DatasetSort = 'uploadedAt' | 'name' | 'pairCount' | 'archiveBytes';
export type SortOrder = 'asc' | 'desc';

export interface DatasetListQuery {
  /** 1-based, as the API counts. */
  page: number;
  pageSize: number;
  sort: DatasetSort;
  order: SortOrder;
}

export const DATASET_SORTS: readonly DatasetSort[] = [
  'uploadedAt',
  'name',
  'pairCount',
  'archiveBytes',
];

/** Byte progress of an archive upload, with the average rate since it began. */
export interface UploadProgress {
  fileName: string;
  loaded: number;
  total: number;
  bytesPerSecond: number;
}
