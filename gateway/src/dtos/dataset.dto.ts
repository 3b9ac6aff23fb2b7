import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { DatasetPairRow, DatasetRow, DatasetStatus } from '../db/schema';
import type { DatasetStats, FileIssue } from '../services/dataset-manifest';
import { FingerprintDto, LabelNameDto, MAX_CASES_PER_PAGE } from './dataset-volume.dto';
import { CanChangeField, OwnerFilterField, OwnerField, type OwnedFields, type OwnerDto, type OwnerFilter, type Visibility, VisibilityField } from './owner.dto';

export const DATASET_SORTS = ['uploadedAt', 'name', 'pairCount', 'archiveBytes'] as const;
export const DATASET_STATUSES = ['uploaded', 'ready', 'error'] as const satisfies readonly DatasetStatus[];
export type DatasetSort = (typeof DATASET_SORTS)[number];

export class DatasetIdDto {
  @ApiProperty({ format: 'uuid', description: 'Dataset id' }) @IsUUID('4', { message: 'id must be a dataset id (a UUID)' }) id!: string;
}

export class PairParamsDto extends DatasetIdDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Pair index' }) @Type(() => Number) @IsInt() @Min(0) index!: number;
}

export class CaseParamsDto extends DatasetIdDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Case index' }) @Type(() => Number) @IsInt() @Min(0) index!: number;
}

export class CaseImageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0, description: 'The channel (0 for single-channel cases)' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'channel must be a whole number' }) @Min(0, { message: 'channel must be 0 or more' })
  channel = 0;
}

export class CaseListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: MAX_CASES_PER_PAGE, minimum: 1, maximum: MAX_CASES_PER_PAGE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_CASES_PER_PAGE, { message: `pageSize must be at most ${MAX_CASES_PER_PAGE}` })
  pageSize = MAX_CASES_PER_PAGE;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: "The dataset version the cases are shown as of; default: the latest" })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'version must be a whole number' }) @Min(1, { message: 'version must be 1 or more' })
  version?: number;
}

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize = 20;
}

export class PairListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only pairs whose name contains this (case-insensitive)' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}

export class DatasetListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DATASET_SORTS, default: 'uploadedAt' })
  @IsOptional() @IsIn(DATASET_SORTS)
  sort: DatasetSort = 'uploadedAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional() @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({ description: 'Only datasets whose name contains this text (case-insensitive)', maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string;

  @ApiPropertyOptional({ enum: DATASET_STATUSES, description: 'Only datasets in this status' })
  @IsOptional() @IsIn(DATASET_STATUSES, { message: `status must be one of ${DATASET_STATUSES.join(', ')}` })
  status?: DatasetStatus;

  @OwnerFilterField() owner?: OwnerFilter;
}

export class ImportDatasetDto {
  @ApiProperty({ example: 'https://example.org/data/brain-slices.zip' })
  @IsString() @MinLength(1) @MaxLength(4096)
  url!: string;

  @ApiPropertyOptional({ example: 'Brain slices' })
  @IsOptional() @IsString() @MaxLength(200)
  name?: string;
}

export class DatasetProgressDto {
  @ApiProperty({ enum: ['downloading', 'scanning', 'decoding'] }) phase!: 'downloading' | 'scanning' | 'decoding';
  @ApiProperty() done!: number;
  @ApiProperty() total!: number;
}

export class FileIssueDto {
  @ApiProperty({ example: 'masks/case_007.png' }) path!: string;
  @ApiProperty({ example: 'Mask masks/case_007.png is 32x64 but its image is 64x64' }) reason!: string;
}

export class DatasetDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: DATASET_STATUSES, description: 'uploaded: stored, being inspected' })
  status!: DatasetStatus;
  @ApiProperty() uploadedAt!: string;
  @ApiProperty() archiveBytes!: number;
  @ApiProperty({ description: 'Entries in the archive' }) fileCount!: number;
  @ApiProperty() pairCount!: number;
  @ApiProperty({ type: DatasetProgressDto, nullable: true }) progress!: DatasetProgressDto | null;
  @ApiProperty({ type: [String], description: 'Why the dataset is in error' }) errors!: string[];
  @ApiProperty() warningCount!: number;
  @OwnerField() owner!: OwnerDto | null;
  @ApiProperty({ description: 'The newest dataset version (1: never edited); saved annotations make new versions' })
  latestVersion!: number;
  @VisibilityField() visibility!: Visibility;
  @CanChangeField() canChange!: boolean;
}

export class ImageSizeCountDto {
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty() count!: number;
}

export class NameCountDto {
  @ApiProperty() name!: string;
  @ApiProperty() count!: number;
}

export class DatasetStatsDto implements DatasetStats {
  @ApiProperty() pairCount!: number;
  @ApiProperty() volumeCount!: number;
  @ApiProperty() channels!: number;
  @ApiProperty() classCount!: number;
  @ApiProperty({ type: [Number] }) labelValues!: number[];
  @ApiProperty({ type: [ImageSizeCountDto] }) sizes!: ImageSizeCountDto[];
  @ApiProperty({ type: [NameCountDto] }) modalities!: NameCountDto[];
  @ApiProperty({ type: [NameCountDto] }) formats!: NameCountDto[];
  @ApiProperty() normalizedBytes!: number;
  @ApiProperty() entryCount!: number;
  @ApiProperty() uncompressedBytes!: number;
  @ApiPropertyOptional({ description: 'Cases without a mask; absent in datasets stored before volumes' }) unlabeledCount?: number;
}

export class DatasetDetailDto extends DatasetDto {
  @ApiProperty({ nullable: true, type: DatasetStatsDto }) stats!: DatasetStats | null;
  @ApiProperty({ type: [FileIssueDto] }) warnings!: FileIssue[];
  @ApiProperty({ description: '"msd" (imagesTr/ + labelsTr/), "images-masks", or empty (stored before layouts were recorded)' }) layout!: string;
  @ApiProperty({ type: [LabelNameDto], description: 'Names of the label values the dataset names (dataset.json, labels.json)' }) labels!: LabelNameDto[];
  @ApiProperty({ type: FingerprintDto, nullable: true, description: 'null without volumes' }) fingerprint!: FingerprintDto | null;
  @ApiProperty({ description: 'Volumes (GET /api/datasets/:id/cases); 0 for 2D images' }) caseCount!: number;
  @ApiProperty({ description: 'Cases without a mask (MSD imagesTs/)' }) unlabeledCount!: number;
}

export class PairDto {
  @ApiProperty() index!: number;
  @ApiProperty() name!: string;
  @ApiProperty() imagePath!: string;
  @ApiProperty() maskPath!: string;
  @ApiProperty() imageFormat!: string;
  @ApiProperty() maskFormat!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty() channels!: number;
  @ApiProperty({ description: 'Volume the slice belongs to; empty for 2D images' }) volume!: string;
  @ApiProperty() sliceIndex!: number;
  @ApiProperty() sliceCount!: number;
  @ApiProperty({ type: [Number] }) labels!: number[];
  @ApiProperty() modality!: string;
  @ApiProperty({ description: 'The case (GET /api/datasets/:id/cases) of a volume slice; 0 for 2D images' }) caseIndex!: number;
  @ApiProperty({ description: 'Slice of an unlabeled case: its mask is empty, it is never trained or scored on' }) unlabeled!: boolean;
  @ApiProperty() thumbnailUrl!: string;
  @ApiProperty() previewUrl!: string;
}

export class Page<T> {
  items!: T[];
  total!: number;
  page!: number;
  pageSize!: number;
}

export class DatasetPageDto extends Page<DatasetDto> {
  @ApiProperty({ type: [DatasetDto] }) declare items: DatasetDto[];
  @ApiProperty() declare total: number;
  @ApiProperty() declare page: number;
  @ApiProperty() declare pageSize: number;
}

export class PairPageDto extends Page<PairDto> {
  @ApiProperty({ type: [PairDto] }) declare items: PairDto[];
  @ApiProperty() declare total: number;
  @ApiProperty() declare page: number;
  @ApiProperty() declare pageSize: number;
}

export class ResyncResultDto {
  @ApiProperty({ description: 'Datasets found in S3 and written to the cache' }) datasets!: number;
  @ApiProperty({ description: 'Models found in S3 (model.json cards, run.json of failed and cancelled runs) and written to the cache' }) models!: number;
  @ApiProperty({ description: 'Completed evaluations found in S3 (their reports) and written to the cache' }) evaluations!: number;
  @ApiProperty({ description: 'Completed batches found in S3 (batch.json) and written to the cache' }) batches!: number;
  @ApiProperty({ description: 'Stored segmentations found in S3 (inference/<id>/result.json) and written to the cache' }) inferenceResults!: number;
  @ApiProperty({ description: 'Users found in S3 (users/<id>.json) and written to the cache' }) users!: number;
  @ApiProperty({ description: 'API tokens found in S3 (tokens/<id>.json) and written to the cache' }) tokens!: number;
  @ApiProperty({ description: 'Audit events found in S3 (audit/<day>/<time>-<id>.json) and written to the cache' }) auditEvents!: number;
  @ApiProperty({ description: 'Cached datasets, models, evaluations, batches, users, tokens and audit events no longer in S3, removed' }) removed!: number;
  @ApiProperty({ type: [String], description: 'Manifests that could not be read' }) skipped!: string[];
}

export function mapDataset(row: DatasetRow, access: OwnedFields, latestVersion = 1): DatasetDto {
  return {
    latestVersion,
    id: row.id,
    name: row.name,
    status: row.status,
    uploadedAt: row.uploaded_at,
    archiveBytes: row.archive_bytes,
    fileCount: row.file_count,
    pairCount: row.pair_count,
    progress: row.progress,
    errors: row.errors,
    warningCount: row.warnings.length,
    owner: access.owner,
    visibility: row.visibility,
    canChange: access.canChange,
  };
}

export function mapDatasetDetail(row: DatasetRow, access: OwnedFields, latestVersion = 1): DatasetDetailDto {
  return {
    ...mapDataset(row, access, latestVersion),
    stats: row.stats,
    warnings: row.warnings,
    layout: row.layout,
    labels: row.labels,
    fingerprint: row.fingerprint,
    caseCount: row.case_count,
    unlabeledCount: row.unlabeled_count,
  };
}

export function mapPair(row: DatasetPairRow): PairDto {
  const base = `/api/datasets/${row.dataset_id}/pairs/${row.idx}`;
  return {
    index: row.idx,
    name: row.name,
    imagePath: row.image_path,
    maskPath: row.mask_path,
    imageFormat: row.image_format,
    maskFormat: row.mask_format,
    width: row.width,
    height: row.height,
    channels: row.channels,
    volume: row.volume,
    sliceIndex: row.slice_index,
    sliceCount: row.slice_count,
    labels: row.labels,
    modality: row.modality,
    caseIndex: row.case_index,
    unlabeled: row.unlabeled === 1,
    thumbnailUrl: `${base}/thumbnail`,
    previewUrl: `${base}/preview`,
  };
}
