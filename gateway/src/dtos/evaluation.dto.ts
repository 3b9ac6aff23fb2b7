import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { JobReason, EvaluationImageRow, EvaluationRow, JobState } from '../db/schema';
import { AggregateDto, ClassImageMetricsDto, ImageMetricsDto, JOB_STATE_NAMES, JobProgressDto, STATUS_REASONS } from './job.dto';

export const SUBSETS = ['validation', 'all'] as const;
export type Subset = (typeof SUBSETS)[number];

export class CreateEvaluationDto {
  @ApiPropertyOptional({ description: "Defaults to the model's own dataset" })
  @IsOptional()
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID); leave it out to use the model\'s own dataset' })
  datasetId?: string;

  @ApiPropertyOptional({
    enum: SUBSETS,
    description: "validation: the model's validation split (its own dataset only); all: every pair. Defaults to validation on the model's dataset, all on another",
  })
  @IsOptional()
  @IsIn(SUBSETS, { message: `subset must be one of ${SUBSETS.join(', ')}` })
  subset?: Subset;
}

export class EvaluationIdDto {
  @IsUUID('4', { message: 'id must be an evaluation id (a UUID)' }) id!: string;
}

export class EvaluationDto {
  @ApiProperty() id!: string;
  @ApiProperty() modelId!: string;
  @ApiProperty() modelName!: string;
  @ApiProperty() datasetId!: string;
  @ApiProperty() datasetName!: string;
  @ApiProperty({ enum: SUBSETS }) subset!: Subset;
  @ApiProperty({ enum: JOB_STATE_NAMES }) state!: JobState;
  @ApiProperty({ description: '1 = next to run; 0 when not queued' }) queuePosition!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ enum: STATUS_REASONS, nullable: true, type: String, description: 'Why the job ended as it did; null while it runs or after a normal end' })
  reason!: JobReason | null;
  @ApiProperty({ nullable: true, type: JobProgressDto }) progress!: JobProgressDto | null;
  @ApiProperty() imageCount!: number;
  @ApiProperty() failedCount!: number;
  @ApiProperty({ nullable: true, type: AggregateDto }) aggregate!: AggregateDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class EvaluationImageDto extends ImageMetricsDto {
  @ApiProperty({ description: 'Order in the report' }) position!: number;
  @ApiProperty({ description: "The pair's index in its dataset" }) pairIndex!: number;
  @ApiProperty() name!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ type: [ClassImageMetricsDto], description: 'Foreground classes only' }) perClass!: ClassImageMetricsDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Why the image could not be scored' }) error!: string | null;
}

export interface EvaluationWithNames extends EvaluationRow {
  model_name: string;
  dataset_name: string;
}

export function mapEvaluation(row: EvaluationWithNames): EvaluationDto {
  return {
    id: row.id,
    modelId: row.model_id,
    modelName: row.model_name,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    subset: row.subset,
    state: row.state,
    queuePosition: row.queue_position,
    error: row.error,
    reason: row.reason,
    progress: row.progress,
    imageCount: row.image_count,
    failedCount: row.failed_count,
    aggregate: row.aggregate,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export function mapEvaluationImage(row: EvaluationImageRow): EvaluationImageDto {
  return {
    position: row.position,
    pairIndex: row.pair_index,
    name: row.name,
    width: row.width,
    height: row.height,
    dice: row.dice,
    iou: row.iou,
    hausdorff95: row.hausdorff95,
    surfaceDistance: row.surface_distance,
    perClass: row.per_class,
    error: row.error,
  };
}
