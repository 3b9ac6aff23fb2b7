import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';

export type DatasetDto = ApiSchema<'DatasetDto'>;
/** `uploaded`: the archive is stored and the ml-service is still inspecting it. */
export type DatasetStatus = DatasetDto['status'];
export type DatasetProgress = ApiSchema<'DatasetProgressDto'>;
export type DatasetStatsDto = ApiSchema<'DatasetStatsDto'>;
export type DatasetWarning = ApiSchema<'FileIssueDto'>;
export type DatasetDetailDto = ApiSchema<'DatasetDetailDto'>;
/** One image with its mask; a slice of a volume when `sliceCount` > 1. */
export type PairDto = ApiSchema<'PairDto'>;

/** The shape of every `*PageDto` of the API, generic so list code is written once. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type DatasetSort = NonNullable<ApiQuery<'DatasetController_list'>['sort']>;
export type SortOrder = NonNullable<ApiQuery<'DatasetController_list'>['order']>;

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
