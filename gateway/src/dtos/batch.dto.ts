import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { BatchRow } from '../db/schema';
import type { OwnedFields, Visibility } from './owner.dto';
import { AggregateDto, ReportJobDto, mapReportJob } from './job.dto';

/** JSON body of POST /models/:id/batches; a ZIP goes as multipart instead (field "archive"). */
export class CreateBatchDto {
  @ApiPropertyOptional({ description: 'Segment every pair of this dataset (with metrics against its masks)' })
  @IsOptional()
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID); or send a ZIP of images as multipart field "archive"' })
  datasetId?: string;
}

export class BatchIdDto {
  @ApiProperty({ format: 'uuid', description: 'Batch id' }) @IsUUID('4', { message: 'id must be a batch id (a UUID)' }) id!: string;
}

export class BatchFailureDto {
  @ApiProperty({ example: 'scans/broken.png' }) inputName!: string;
  @ApiProperty() error!: string;
}

export class BatchDto extends ReportJobDto {
  @ApiProperty({ enum: ['archive', 'dataset'] }) source!: 'archive' | 'dataset';
  @ApiProperty({ description: "The ZIP's file name, or the dataset's name ('' when the caller may not see the dataset)" }) inputName!: string;
  @ApiProperty({ nullable: true, type: String }) datasetId!: string | null;
  @ApiProperty({ nullable: true, type: AggregateDto, description: 'null when no image had a mask' }) aggregate!: AggregateDto | null;
  @ApiProperty({ type: [BatchFailureDto] }) failures!: BatchFailureDto[];
  @ApiProperty() masksBytes!: number;
  @ApiProperty() csvBytes!: number;
}

export interface BatchWithModel extends BatchRow {
  model_name: string;
  model_owner_id: string | null;
  model_visibility: Visibility | null;
  /** Of the dataset a dataset batch ran on (null for a ZIP): its name is input_name. */
  dataset_owner_id: string | null;
  dataset_visibility: Visibility | null;
}

export function mapBatch(row: BatchWithModel, access: OwnedFields): BatchDto {
  return {
    ...mapReportJob(row, access),
    source: row.source,
    inputName: row.input_name,
    datasetId: row.dataset_id,
    aggregate: row.aggregate,
    failures: row.failures,
    masksBytes: row.masks_bytes,
    csvBytes: row.csv_bytes,
  };
}
