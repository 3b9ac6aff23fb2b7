import { formatDate } from '@angular/common';
import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';
import { type OwnerFilter, foreignOwner } from '../../shared/ownership/ownership.model';
import { type ChipView } from '../../shared/status-chip';

export type DatasetDto = ApiSchema<'DatasetDto'>;
/** `uploaded`: the archive is stored and the ml-service is still inspecting it. */
export type DatasetStatus = DatasetDto['status'];
export type DatasetProgress = ApiSchema<'DatasetProgressDto'>;
export type DatasetStatsDto = ApiSchema<'DatasetStatsDto'>;
export type DatasetWarning = ApiSchema<'FileIssueDto'>;
export type DatasetDetailDto = ApiSchema<'DatasetDetailDto'>;
/** One image with its mask; a slice of a volume when `sliceCount` > 1. */
export type PairDto = ApiSchema<'PairDto'>;
/** One volume of a dataset (its slices are pairs `firstPair` .. `firstPair + depth - 1`). */
export type CaseDto = ApiSchema<'CaseDto'>;
export type CasePageDto = ApiSchema<'CasePageDto'>;
/** nnU-Net's dataset fingerprint: median shape and spacing, intensities, class fractions. */
export type FingerprintDto = ApiSchema<'FingerprintDto'>;
export type LabelNameDto = ApiSchema<'LabelNameDto'>;

export type { Page } from '../../shared/paged-list';

export type DatasetSort = NonNullable<ApiQuery<'DatasetController_list'>['sort']>;
export type SortOrder = NonNullable<ApiQuery<'DatasetController_list'>['order']>;

export interface DatasetListQuery {
  /** 1-based, as the API counts. */
  page: number;
  pageSize: number;
  sort: DatasetSort;
  order: SortOrder;
  /** Text the name contains; '' for all. */
  search: string;
  /** '' for every status. */
  status: DatasetStatus | '';
  /** `me`, `others` or '' for all the caller may see. */
  owner: OwnerFilter;
}

export const DATASET_STATUS_CHOICES: readonly { value: DatasetStatus; label: string }[] = [
  { value: 'ready', label: 'Ready' },
  { value: 'uploaded', label: 'Inspecting' },
  { value: 'error', label: 'Error' },
];

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

/**
 * A dataset's status chip: `Inspecting… decoding 120/181`, `Ready`, `Ready · 3 warnings`, `Error`.
 * Warnings (skipped files) must not hide behind a plain "Ready".
 */
export function datasetChip(
  dataset: Pick<DatasetDto, 'status' | 'progress' | 'warningCount'>,
): ChipView {
  const { status, progress, warningCount } = dataset;
  if (status === 'uploaded') {
    const detail = !progress
      ? ''
      : progress.total > 0
        ? `${progress.phase} ${progress.done}/${progress.total}`
        : progress.phase;
    return { tone: 'active', label: 'Inspecting…', detail };
  }
  if (status === 'error') return { tone: 'error', label: 'Error' };
  if (warningCount > 0) {
    return {
      tone: 'warn',
      label: `Ready · ${warningCount} ${warningCount === 1 ? 'warning' : 'warnings'}`,
    };
  }
  return { tone: 'ok', label: 'Ready' };
}

type DatasetChoice = Pick<DatasetDto, 'name' | 'pairCount' | 'uploadedAt' | 'owner'>;

/**
 * What follows a dataset's name in a picker: `181 pairs · uploaded 4 Mar 2025, 11:00`, led by
 * `Ada Lovelace · ` when it is someone else's (`meId`: the signed-in user; first, so a narrow
 * field does not cut it off). Names need not be unique (the same archive uploaded twice, by two
 * people): the owner and the upload time tell them apart.
 */
export function datasetChoiceMeta(dataset: DatasetChoice, meId: string | null | undefined): string {
  const uploaded = formatDate(dataset.uploadedAt, 'd MMM y, HH:mm', 'en-US');
  const owner = foreignOwner(dataset.owner, meId);
  return `${owner ? `${owner} · ` : ''}${dataset.pairCount} pairs · uploaded ${uploaded}`;
}

/** A dataset as every picker names it: `brain · 181 pairs · uploaded 4 Mar 2025, 11:00`. */
export function datasetChoiceLabel(
  dataset: DatasetChoice,
  meId: string | null | undefined,
): string {
  return `${dataset.name} · ${datasetChoiceMeta(dataset, meId)}`;
}

/** How the archive was laid out, as a person reads it; '' when it was not recorded. */
export function layoutText(layout: string): string {
  if (layout === 'msd') return 'MSD / nnU-Net (imagesTr/ + labelsTr/)';
  if (layout === 'images-masks') return 'images/ + masks/';
  return layout;
}
