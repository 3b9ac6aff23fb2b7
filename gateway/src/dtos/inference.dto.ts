import { LabelNameDto } from './dataset-volume.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { SegmentResponse } from '../generated/medseg/v1/inference_service';
import { metricValue, metricValues } from '../util/metric-value';
import { CanChangeField, OwnerField, type OwnerDto } from './owner.dto';
import { MirroringQueryDto } from './mirroring.dto';

/** What a segment answer may carry besides the mask (`?include=`). */
export const SEGMENT_EXTRAS = ['image', 'probabilities'] as const;
export type SegmentExtra = (typeof SEGMENT_EXTRAS)[number];

export class SegmentQueryDto extends MirroringQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: true, description: 'false: do not store the input and result (interactive use)' })
  @IsOptional()
  @Transform(({ value }) => value !== 'false' && value !== false && value !== '0')
  @IsBoolean()
  persist = true;

  @ApiPropertyOptional({
    type: String,
    example: 'image,probabilities',
    description:
      'Comma list of what the answer carries besides the mask: image (the display PNG), probabilities (one map per class). Unset: the mask only (each PNG costs milliseconds to encode and pass on). A stored result keeps all of them either way.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value))
  @IsIn(SEGMENT_EXTRAS, { each: true, message: `include must be a comma list of ${SEGMENT_EXTRAS.join(', ')}` })
  include: SegmentExtra[] = [];
}

export class SegmentPairDto {
  @ApiProperty() @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' }) datasetId!: string;
  @ApiProperty() @Type(() => Number) @IsInt({ message: 'pairIndex must be a whole number' }) @Min(0) pairIndex!: number;
}

export class TimingsDto {
  @ApiProperty() loadMs!: number;
  @ApiProperty() decodeMs!: number;
  @ApiProperty() forwardMs!: number;
  @ApiProperty() encodeMs!: number;
  @ApiProperty({ description: 'Inside the ml-service' }) totalMs!: number;
  @ApiProperty({ description: 'Whole request as the gateway saw it' }) gatewayMs!: number;
}

export class SegmentResultDto {
  @ApiProperty({ nullable: true, type: String, description: 'Stored result id; null with persist=false' }) resultId!: string | null;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty() sliceCount!: number;
  @ApiProperty({ nullable: true, type: String, description: 'data:image/png;base64 display image; null unless asked for (include=image)' }) image!: string | null;
  @ApiProperty({ description: 'data:image/png;base64 class-index mask' }) mask!: string;
  @ApiProperty({ type: [String], description: 'data:image/png;base64 probability map per class; empty unless asked for (include=probabilities)' }) probabilities!: string[];
  @ApiProperty({ type: [Number] }) labelValues!: number[];
  @ApiProperty({ type: [LabelNameDto], description: "The model's names of its label values (empty names where it has none)" }) labels!: LabelNameDto[];
  @ApiProperty({ type: TimingsDto }) timings!: TimingsDto;
  @ApiProperty() modelWasLoaded!: boolean;
  @ApiProperty({ nullable: true, type: String }) groundTruth!: string | null;
  @ApiProperty({ type: [Number], description: 'Index i = class i (background included); null for a class absent from both prediction and truth' })
  dicePerClass!: (number | null)[];
  @ApiProperty({ type: [Number] }) iouPerClass!: (number | null)[];
  @ApiProperty({ nullable: true, type: Number }) dice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) iou!: number | null;
}

export class LoadModelResultDto {
  @ApiProperty() wasLoaded!: boolean;
  @ApiProperty() loadMs!: number;
  @ApiProperty() memoryBytes!: number;
}

export class InferenceResultDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['image', 'volume'], description: 'volume: GET /api/inference-results/:id answers a VolumeResultDto' }) kind!: 'image' | 'volume';
  @ApiProperty() modelId!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'The uploaded file (with its slice), or "<dataset> / <pair>"' }) fileName!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The uploaded file; null when it was not kept (storing inference inputs is off)' })
  inputUrl!: string | null;
  @ApiProperty({ description: 'PNG of class indices (looks black in a viewer)' }) maskUrl!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The same mask as a palette PNG, in the viewer\'s colours; null for a volume' })
  maskColorUrl!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The mask as NIfTI on the input grid, for NIfTI input and every volume' })
  maskNiftiUrl!: string | null;
  @OwnerField() owner!: OwnerDto | null;
  @CanChangeField() canChange!: boolean;
}

const png = (bytes: Uint8Array) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;

/** The answer's JSON; `include` leaves out the image and maps not asked for (a stored result's open gives all). */
export function mapSegment(r: SegmentResponse, resultId: string | null, gatewayMs: number, include: readonly SegmentExtra[] = SEGMENT_EXTRAS): SegmentResultDto {
  const hasTruth = r.groundTruthPng.length > 0;
  return {
    resultId,
    width: r.width,
    height: r.height,
    sliceCount: r.sliceCount,
    image: include.includes('image') && r.imagePng.length > 0 ? png(r.imagePng) : null,
    mask: png(r.maskPng),
    probabilities: include.includes('probabilities') ? r.probabilityPngs.map(png) : [],
    labelValues: r.labelValues,
    labels: r.labels.map((l) => ({ value: l.value, name: l.name, color: l.color })),
    timings: {
      loadMs: r.timings?.loadMs ?? 0,
      decodeMs: r.timings?.decodeMs ?? 0,
      forwardMs: r.timings?.forwardMs ?? 0,
      encodeMs: r.timings?.encodeMs ?? 0,
      totalMs: r.timings?.totalMs ?? 0,
      gatewayMs,
    },
    modelWasLoaded: r.modelWasLoaded,
    groundTruth: hasTruth ? png(r.groundTruthPng) : null,
    dicePerClass: metricValues(r.dicePerClass),
    iouPerClass: metricValues(r.iouPerClass),
    dice: hasTruth ? metricValue(r.dice) : null,
    iou: hasTruth ? metricValue(r.iou) : null,
  };
}
