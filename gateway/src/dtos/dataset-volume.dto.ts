import { ApiProperty } from '@nestjs/swagger';
import type { DatasetCaseRow } from '../db/schema';
import type { ChannelIntensity, ClassFraction, DatasetFingerprint, LabelName, LabelVoxels } from '../generated/medseg/v1/volume';

/** The most cases one GET /api/datasets/:id/cases answers; more are paged. */
export const MAX_CASES_PER_PAGE = 1000;

/** A label value and what it stands for; `name` empty: the dataset names none (show "label <value>"). */
export class LabelNameDto implements LabelName {
  @ApiProperty({ example: 1 }) value!: number;
  @ApiProperty({ example: 'liver', description: 'Empty when the dataset names none' }) name!: string;
  @ApiProperty({ example: '#ff0000', description: '"#rrggbb", empty for the platform palette' }) color!: string;
}

export class LabelVoxelsDto implements LabelVoxels {
  @ApiProperty() value!: number;
  @ApiProperty() voxels!: number;
  @ApiProperty({ description: 'voxels times the voxel volume in millilitres; 0 without spacing' }) volumeMl!: number;
}

/** Intensity statistics of one channel (over foreground voxels where the mask has any, else all). */
export class ChannelIntensityDto implements ChannelIntensity {
  @ApiProperty() channel!: number;
  @ApiProperty() mean!: number;
  @ApiProperty() std!: number;
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ description: '0.5th percentile' }) p005!: number;
  @ApiProperty({ description: 'Median' }) p50!: number;
  @ApiProperty({ description: '99.5th percentile' }) p995!: number;
}

export class ClassFractionDto implements ClassFraction {
  @ApiProperty() value!: number;
  @ApiProperty({ description: 'Share of all labelled voxels holding this value (background included)' }) fraction!: number;
}

/** nnU-Net's dataset fingerprint; (slice, row, column) order, mm. */
export class FingerprintDto implements DatasetFingerprint {
  @ApiProperty() caseCount!: number;
  @ApiProperty({ type: [Number] }) medianShape!: number[];
  @ApiProperty({ type: [Number] }) medianSpacing!: number[];
  @ApiProperty({ type: [Number] }) minSpacing!: number[];
  @ApiProperty({ type: [Number] }) maxSpacing!: number[];
  @ApiProperty({ type: [ChannelIntensityDto] }) intensities!: ChannelIntensityDto[];
  @ApiProperty({ type: [ClassFractionDto] }) classFractions!: ClassFractionDto[];
  @ApiProperty({ type: [String], description: 'Modality or name per channel, in channel order' }) channelNames!: string[];
}

/** One volume of a dataset; its slices are the pairs firstPair .. firstPair + depth - 1. */
export class CaseDto {
  @ApiProperty() index!: number;
  @ApiProperty({ example: 'BRATS_001' }) name!: string;
  @ApiProperty({ description: 'Slices' }) depth!: number;
  @ApiProperty() height!: number;
  @ApiProperty() width!: number;
  @ApiProperty() channels!: number;
  @ApiProperty({ type: [Number], description: 'mm per (slice, row, column)' }) spacing!: number[];
  @ApiProperty() modality!: string;
  @ApiProperty({ example: 'NIfTI' }) imageFormat!: string;
  @ApiProperty({ description: 'Empty for an unlabeled case' }) maskFormat!: string;
  @ApiProperty({ type: [LabelVoxelsDto] }) labelVoxels!: LabelVoxelsDto[];
  @ApiProperty({ type: [ChannelIntensityDto] }) intensities!: ChannelIntensityDto[];
  @ApiProperty({ description: 'No mask (MSD imagesTs/): never trained or scored on' }) unlabeled!: boolean;
  @ApiProperty({ description: "The file's own display window (DICOM); windowWidth 0: none given" }) windowCenter!: number;
  @ApiProperty() windowWidth!: number;
  @ApiProperty() firstPair!: number;
  @ApiProperty({ description: 'DICOM series: its SeriesInstanceUID; else empty' }) seriesInstanceUid!: string;
  @ApiProperty({ type: [String], description: 'GET URLs of the gzipped NIfTI volume, one per channel' }) imageUrls!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'GET URL of the label volume; null for an unlabeled case' }) maskUrl!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The saved annotation its mask comes from in the version asked for; null: as uploaded' })
  annotationId!: string | null;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseDto] }) items!: CaseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty({ maximum: MAX_CASES_PER_PAGE }) pageSize!: number;
}

/**
 * `annotationId`: the annotation that gives the case its mask in `version` (null: the uploaded
 * mask, or none); an annotated case is labelled whatever it was when uploaded.
 */
export function mapCase(row: DatasetCaseRow, version?: { version: number; latest: number; annotationId: string | null }): CaseDto {
  const base = `/api/datasets/${row.dataset_id}/cases/${row.idx}`;
  const annotationId = version?.annotationId ?? null;
  const unlabeled = row.unlabeled === 1 && annotationId === null;
  // Older versions are named in the URL; the latest is what an unqualified URL gives.
  const query = version && version.version !== version.latest ? `?version=${version.version}` : '';
  return {
    index: row.idx,
    name: row.name,
    depth: row.depth,
    height: row.height,
    width: row.width,
    channels: row.channels,
    spacing: row.spacing,
    modality: row.modality,
    imageFormat: row.image_format,
    maskFormat: row.mask_format,
    labelVoxels: row.label_voxels,
    intensities: row.intensities,
    unlabeled,
    windowCenter: row.window_center,
    windowWidth: row.window_width,
    firstPair: row.first_pair,
    seriesInstanceUid: row.series_uid,
    imageUrls: Array.from({ length: row.channels }, (_, c) => `${base}/image.nii.gz${c === 0 ? '' : `?channel=${c}`}`),
    maskUrl: unlabeled ? null : `${base}/mask.nii.gz${query}`,
    annotationId,
  };
}
