import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min } from 'class-validator';
import type { SegmentVolumeResult, VolumeScores } from '../generated/medseg/v1/inference_service';
import { metricValue } from '../util/metric-value';
import { TimingsDto } from './inference.dto';

export class SegmentCaseDto {
  @ApiProperty() @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' }) datasetId!: string;
  @ApiProperty() @Type(() => Number) @IsInt({ message: 'caseIndex must be a whole number' }) @Min(0) caseIndex!: number;
}

export class LabelNameDto {
  @ApiProperty() value!: number;
  @ApiProperty({ description: 'Empty when nobody named it: show "label <value>"' }) name!: string;
  @ApiProperty({ description: '"#rrggbb", empty for the palette' }) color!: string;
}

export class LabelVoxelsDto {
  @ApiProperty() value!: number;
  @ApiProperty() voxels!: number;
  @ApiProperty({ description: 'voxels times the voxel volume; 0 for a 2D image (no spacing)' }) volumeMl!: number;
}

export class ClassScoresDto {
  @ApiProperty() value!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: Number }) dice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) iou!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'In distanceUnit' }) hd95!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'In distanceUnit' }) asd!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'At surfaceTolerance' }) nsd!: number | null;
}

export class VolumeScoresDto {
  @ApiProperty({ enum: ['mm', 'px'] }) distanceUnit!: string;
  @ApiProperty({ type: [ClassScoresDto], description: 'Foreground classes; null where a class has no value (absent from both)' })
  perClass!: ClassScoresDto[];
  @ApiProperty({ nullable: true, type: Number }) dice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) iou!: number | null;
  @ApiProperty({ nullable: true, type: Number }) hd95!: number | null;
  @ApiProperty({ nullable: true, type: Number }) asd!: number | null;
  @ApiProperty({ nullable: true, type: Number }) nsd!: number | null;
  @ApiProperty({ description: 'Normalized surface Dice tolerance, in distanceUnit' }) surfaceTolerance!: number;
}

/** A whole volume segmented once; its NIfTI files come from /api/inference-results/:id/volume/*. */
export class VolumeResultDto {
  @ApiProperty({ description: 'The stored inference result' }) id!: string;
  @ApiProperty({ enum: ['volume'] }) kind!: 'volume';
  @ApiProperty({ description: 'The uploaded file, or "<dataset> / <case>"' }) fileName!: string;
  @ApiProperty({ description: 'Slices' }) depth!: number;
  @ApiProperty({ description: 'Rows' }) height!: number;
  @ApiProperty({ description: 'Columns' }) width!: number;
  @ApiProperty() channels!: number;
  @ApiProperty({ type: [Number], description: 'mm per (slice, row, column); 1 = pixels for a 2D image' }) spacing!: number[];
  @ApiProperty({ type: [Number], description: 'Class i is label value labelValues[i]' }) labelValues!: number[];
  @ApiProperty({ type: [LabelNameDto], description: 'Names of the foreground label values (the model card)' }) labels!: LabelNameDto[];
  @ApiProperty({ description: "The input's own window (DICOM), else from its 0.5/99.5 percentiles" }) windowCenter!: number;
  @ApiProperty() windowWidth!: number;
  @ApiProperty({ type: TimingsDto }) timings!: TimingsDto;
  @ApiProperty() modelWasLoaded!: boolean;
  @ApiProperty({ description: 'false when storing inference inputs is off: volume/image.nii.gz was not kept' }) hasImage!: boolean;
  @ApiProperty({ description: 'A dataset case: volume/ground-truth.nii.gz and scores' }) hasGroundTruth!: boolean;
  @ApiProperty({ description: 'DICOM series input: mask?format=dicom-seg' }) hasDicomSeg!: boolean;
  @ApiPropertyOptional({ type: VolumeScoresDto }) scores?: VolumeScoresDto;
  @ApiProperty({ type: [LabelVoxelsDto], description: 'Predicted voxels per foreground label value' }) labelVoxels!: LabelVoxelsDto[];
}

export function mapVolume(id: string, fileName: string, r: SegmentVolumeResult, hasImage: boolean, gatewayMs: number): VolumeResultDto {
  const names = new Map(r.labels.map((l) => [Number(l.value), l.name]));
  return {
    id,
    kind: 'volume',
    fileName,
    depth: r.depth,
    height: r.height,
    width: r.width,
    channels: r.channels,
    spacing: r.geometry?.spacing ?? [1, 1, 1],
    labelValues: r.labelValues.map(Number),
    labels: r.labels.map((l) => ({ value: Number(l.value), name: l.name, color: l.color })),
    windowCenter: r.windowCenter,
    windowWidth: r.windowWidth,
    timings: {
      loadMs: r.timings?.loadMs ?? 0,
      decodeMs: r.timings?.decodeMs ?? 0,
      forwardMs: r.timings?.forwardMs ?? 0,
      encodeMs: r.timings?.encodeMs ?? 0,
      totalMs: r.timings?.totalMs ?? 0,
      gatewayMs,
    },
    modelWasLoaded: r.modelWasLoaded,
    hasImage,
    hasGroundTruth: r.groundTruthNifti.length > 0,
    hasDicomSeg: r.dicomSeg.length > 0,
    ...(r.scores && r.groundTruthNifti.length > 0 ? { scores: mapScores(r.scores, r.labelValues.map(Number), names) } : {}),
    labelVoxels: r.labelVoxels.map((v) => ({ value: Number(v.value), voxels: Number(v.voxels), volumeMl: v.volumeMl })),
  };
}

function mapScores(s: VolumeScores, labelValues: number[], names: Map<number, string>): VolumeScoresDto {
  const at = (values: number[], i: number) => metricValue(values[i]);
  return {
    distanceUnit: s.distanceUnit,
    perClass: labelValues.slice(1).map((value, k) => ({
      value,
      name: names.get(value) ?? '',
      dice: at(s.dicePerClass, k + 1),
      iou: at(s.iouPerClass, k + 1),
      hd95: at(s.hd95PerClass, k + 1),
      asd: at(s.asdPerClass, k + 1),
      nsd: at(s.nsdPerClass, k + 1),
    })),
    dice: metricValue(s.dice),
    iou: metricValue(s.iou),
    hd95: metricValue(s.hd95),
    asd: metricValue(s.asd),
    nsd: metricValue(s.nsd),
    surfaceTolerance: s.surfaceTolerance,
  };
}
