import { ApiProperty } from '@nestjs/swagger';
import type { JobState } from '../db/schema';

export const JOB_STATE_NAMES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
/** Why a job ended as it did (the ml-service's StatusReason, lower-case); null when unspecified. */
export const STATUS_REASONS = [
  'cancelled_by_user',
  'service_stopped',
  'storage_error',
  'out_of_memory',
  'invalid_input',
  'internal_error',
  'stopped_early',
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'running'];

export class JobProgressDto {
  @ApiProperty({ description: 'Images (and volume slices) done so far, failed ones included' }) done!: number;
  @ApiProperty({ description: '0 while not yet known (the archive is still being read)' }) total!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() imagesPerSecond!: number;
  @ApiProperty() elapsedSeconds!: number;
  @ApiProperty() etaSeconds!: number;
}

export class StatDto {
  @ApiProperty({ nullable: true, type: Number }) mean!: number | null;
  @ApiProperty({ nullable: true, type: Number }) median!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Population standard deviation' }) std!: number | null;
  @ApiProperty({ description: 'Images with a defined value' }) count!: number;
}

export class MetricStatsDto {
  @ApiProperty({ type: StatDto }) dice!: StatDto;
  @ApiProperty({ type: StatDto }) iou!: StatDto;
  @ApiProperty({ type: StatDto, description: 'Pixels' }) hausdorff95!: StatDto;
  @ApiProperty({ type: StatDto, description: 'Pixels, symmetric' }) surfaceDistance!: StatDto;
}

export class ClassMetricStatsDto extends MetricStatsDto {
  @ApiProperty() classIndex!: number;
  @ApiProperty() labelValue!: number;
}

export class AggregateDto extends MetricStatsDto {
  @ApiProperty({ type: [ClassMetricStatsDto], description: 'Foreground classes only' }) perClass!: ClassMetricStatsDto[];
}

export class ImageMetricsDto {
  @ApiProperty({ nullable: true, type: Number }) dice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) iou!: number | null;
  @ApiProperty({ nullable: true, type: Number }) hausdorff95!: number | null;
  @ApiProperty({ nullable: true, type: Number }) surfaceDistance!: number | null;
}

export class ClassImageMetricsDto extends ImageMetricsDto {
  @ApiProperty() classIndex!: number;
  @ApiProperty() labelValue!: number;
}
