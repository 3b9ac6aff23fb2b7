import { ApiProperty } from '@nestjs/swagger';
import type { EvaluationRow, JobReason, JobState } from '../db/schema';
import { CanChangeField, OwnerField, type OwnedFields, type OwnerDto } from './owner.dto';

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
  @ApiProperty({ nullable: true, type: Number, description: '25th percentile (null in reports before medseg-evaluation-v2)' }) p25!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '75th percentile (null in reports before medseg-evaluation-v2)' }) p75!: number | null;
  @ApiProperty({ description: 'Items (volumes or images) with a defined value' }) count!: number;
}

export class MetricStatsDto {
  @ApiProperty({ type: StatDto }) dice!: StatDto;
  @ApiProperty({ type: StatDto }) iou!: StatDto;
  @ApiProperty({ type: StatDto, description: 'HD95, in the aggregate\'s distanceUnit' }) hausdorff95!: StatDto;
  @ApiProperty({ type: StatDto, description: 'Symmetric average surface distance (ASD), in distanceUnit' }) surfaceDistance!: StatDto;
  @ApiProperty({ type: StatDto, description: 'Normalized surface Dice at surfaceTolerance (count 0 in reports before v2)' }) nsd!: StatDto;
}

export class ClassMetricStatsDto extends MetricStatsDto {
  @ApiProperty() classIndex!: number;
  @ApiProperty() labelValue!: number;
  @ApiProperty({ description: "The dataset's name of the label; '' when it names none (show \"label <value>\")" }) name!: string;
}

export const DISTANCE_UNITS = ['mm', 'px', 'mixed'] as const;
export type DistanceUnit = (typeof DISTANCE_UNITS)[number];

export class AggregateDto extends MetricStatsDto {
  @ApiProperty({ type: [ClassMetricStatsDto], description: 'Foreground classes only' }) perClass!: ClassMetricStatsDto[];
  @ApiProperty({ enum: DISTANCE_UNITS, description: 'Unit of the distances: mm (volumes with spacing), px (2D images, and every report before v2), mixed' })
  distanceUnit!: DistanceUnit;
  @ApiProperty({ nullable: true, type: Number, description: 'NSD tolerance in distanceUnit; null before v2' }) surfaceTolerance!: number | null;
}

export class ImageMetricsDto {
  @ApiProperty({ nullable: true, type: Number }) dice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) iou!: number | null;
  @ApiProperty({ nullable: true, type: Number }) hausdorff95!: number | null;
  @ApiProperty({ nullable: true, type: Number }) surfaceDistance!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Normalized surface Dice; null before v2' }) nsd!: number | null;
}

export class ClassImageMetricsDto extends ImageMetricsDto {
  @ApiProperty() classIndex!: number;
  @ApiProperty() labelValue!: number;
  @ApiProperty({ description: "'' when the dataset names none" }) name!: string;
}

/** The fields every report job (evaluation, batch) answers with; each kind adds its own. */
export class ReportJobDto {
  @ApiProperty() id!: string;
  @ApiProperty() modelId!: string;
  @ApiProperty() modelName!: string;
  @ApiProperty({ enum: JOB_STATE_NAMES }) state!: JobState;
  @ApiProperty({ description: '1 = next to run; 0 when not queued' }) queuePosition!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ enum: STATUS_REASONS, nullable: true, type: String, description: 'Why the job ended as it did; null while it runs or after a normal end' })
  reason!: JobReason | null;
  @ApiProperty({ nullable: true, type: JobProgressDto }) progress!: JobProgressDto | null;
  @ApiProperty() imageCount!: number;
  @ApiProperty() failedCount!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ description: "Predicted with test-time mirroring: the model's mean over each input's mirror images" }) testTimeMirroring!: boolean;
  @OwnerField() owner!: OwnerDto | null;
  @CanChangeField() canChange!: boolean;
}

/** A report-job row as the repositories read it: its own columns plus its model's name. */
export type ReportJobRowWithModel = Pick<
  EvaluationRow,
  'id' | 'model_id' | 'state' | 'queue_position' | 'error' | 'reason' | 'progress' | 'image_count' | 'failed_count' | 'created_at' | 'finished_at' | 'test_time_mirroring'
> & { model_name: string };

export function mapReportJob(row: ReportJobRowWithModel, access: OwnedFields): ReportJobDto {
  return {
    id: row.id,
    modelId: row.model_id,
    modelName: row.model_name,
    state: row.state,
    queuePosition: row.queue_position,
    error: row.error,
    reason: row.reason,
    progress: row.progress,
    imageCount: row.image_count,
    failedCount: row.failed_count,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    testTimeMirroring: row.test_time_mirroring === 1,
    owner: access.owner,
    canChange: access.canChange,
  };
}
