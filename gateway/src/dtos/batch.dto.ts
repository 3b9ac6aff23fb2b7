import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { JobReason, BatchRow, JobState } from '../db/schema';
import { AggregateDto, JOB_STATE_NAMES, JobProgressDto, STATUS_REASONS } from './job.dto';

/** JSON body of POST /models/:id/batches; a ZIP goes as multipart instead (field "archive"). */
export class CreateBatchDto {
  @ApiPropertyOptional({ description: 'Segment every pair of this dataset (with metrics against its masks)' })
  @IsOptional()
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID); or send a ZIP of images as multipart field "archive"' })
  datasetId?: string;
}

export class BatchIdDto {
  @IsUUID('4', { message: 'id must be a batch id (a UUID)' }) id!: string;
}

export class BatchFailureDto {
  @ApiProperty({ example: 'scans/broken.png' }) inputName!: string;
  @ApiProperty() error!: string;
}

export class BatchDto {
  @ApiProperty() id!: string;
  @ApiProperty() modelId!: string;
  @ApiProperty() modelName!: string;
  @ApiProperty({ enum: ['archive', 'dataset'] }) source!: 'archive' | 'dataset';
  @ApiProperty({ description: "The ZIP's file name, or the dataset's name" }) inputName!: string;
  @ApiProperty({ nullable: true, type: String }) datasetId!: string | null;
  @ApiProperty({ enum: JOB_STATE_NAMES }) state!: JobState;
  @ApiProperty({ description: '1 = next to run; 0 when not queued' }) queuePosition!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ enum: STATUS_REASONS, nullable: true, type: String, description: 'Why the job ended as it did; null while it runs or after a normal end' })
  reason!: JobReason | null;
  @ApiProperty({ nullable: true, type: JobProgressDto }) progress!: JobProgressDto | null;
  @ApiProperty() imageCount!: number;
  @ApiProperty() failedCount!: number;
  @ApiProperty({ nullable: true, type: AggregateDto, description: 'null when no image had a mask' }) aggregate!: AggregateDto | null;
  @ApiProperty({ type: [BatchFailureDto] }) failures!: BatchFailureDto[];
  @ApiProperty() masksBytes!: number;
  @ApiProperty() csvBytes!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export interface BatchWithModel extends BatchRow {
  model_name: string;
}

export function mapBatch(row: BatchWithModel): BatchDto {
  return {
    id: row.id,
    modelId: row.model_id,
    modelName: row.model_name,
    source: row.source,
    inputName: row.input_name,
    datasetId: row.dataset_id,
    state: row.state,
    queuePosition: row.queue_position,
    error: row.error,
    reason: row.reason,
    progress: row.progress,
    imageCount: row.image_count,
    failedCount: row.failed_count,
    aggregate: row.aggregate,
    failures: row.failures,
    masksBytes: row.masks_bytes,
    csvBytes: row.csv_bytes,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
