import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { EvaluationImageRow, EvaluationRow } from '../db/schema';
import type { OwnedFields, Visibility } from './owner.dto';
import { AggregateDto, ClassImageMetricsDto, ImageMetricsDto, ReportJobDto, mapReportJob } from './job.dto';

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

export class EvaluationDto extends ReportJobDto {
  @ApiProperty() datasetId!: string;
  @ApiProperty() datasetName!: string;
  @ApiProperty({ enum: SUBSETS }) subset!: Subset;
  @ApiProperty({ nullable: true, type: AggregateDto }) aggregate!: AggregateDto | null;
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
  model_owner_id: string | null;
  model_visibility: Visibility | null;
}

export function mapEvaluation(row: EvaluationWithNames, access: OwnedFields): EvaluationDto {
  return {
    ...mapReportJob(row, access),
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    subset: row.subset,
    aggregate: row.aggregate,
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
