import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { EvaluationImageRow, EvaluationRow } from '../db/schema';
import type { OwnedFields, Visibility } from './owner.dto';
import { MIRRORING_DESCRIPTION } from './mirroring.dto';
import type { DatasetNameColumns } from '../repositories/model.repository';
import { AggregateDto, ClassImageMetricsDto, DISTANCE_UNITS, type DistanceUnit, ImageMetricsDto, ReportJobDto, mapReportJob } from './job.dto';

export const SUBSETS = ['validation', 'all'] as const;
export type Subset = (typeof SUBSETS)[number];

export const MAX_TOLERANCE_MM = 1000;
const TOLERANCE_DESCRIPTION = 'Normalized surface Dice tolerance in mm (pixels for 2D images); 0 or absent = 1';
const TOLERANCE_MESSAGE = `surfaceToleranceMm must be a number of millimetres from 0 to ${MAX_TOLERANCE_MM} (0 = the default, 1 mm)`;

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

  @ApiPropertyOptional({ description: TOLERANCE_DESCRIPTION, minimum: 0, maximum: MAX_TOLERANCE_MM })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: TOLERANCE_MESSAGE })
  @Min(0, { message: TOLERANCE_MESSAGE })
  @Max(MAX_TOLERANCE_MM, { message: TOLERANCE_MESSAGE })
  surfaceToleranceMm?: number;

  @ApiPropertyOptional({ type: Boolean, description: `${MIRRORING_DESCRIPTION}; absent = false` })
  @IsOptional()
  @IsBoolean({ message: 'testTimeMirroring must be true or false' })
  testTimeMirroring?: boolean;

  @ApiPropertyOptional({
    description:
      "Score on this completed model's validation split of its dataset as of its dataset version (subset validation), " +
      'e.g. a parent on its fine-tuned child\'s cases with the corrected masks; the model evaluated must know every label of that dataset',
  })
  @IsOptional()
  @IsUUID('4', { message: "splitModelId must be a model id (a UUID) whose validation split is scored; leave it out to score the model's own" })
  splitModelId?: string;
}

export class EvaluationIdDto {
  @ApiProperty({ format: 'uuid', description: 'Evaluation id' }) @IsUUID('4', { message: 'id must be an evaluation id (a UUID)' }) id!: string;
}

export class EvaluationDto extends ReportJobDto {
  @ApiProperty() datasetId!: string;
  @ApiProperty({ description: "'' when the caller may not see the dataset" }) datasetName!: string;
  @ApiProperty({ enum: SUBSETS }) subset!: Subset;
  @ApiProperty({ description: 'The dataset version scored' }) datasetVersion!: number;
  @ApiProperty({ type: String, nullable: true, description: "subset validation: the model whose validation split was scored; null: the evaluated model's own" })
  splitModelId!: string | null;
  @ApiProperty({ nullable: true, type: AggregateDto }) aggregate!: AggregateDto | null;
}

export class EvaluationImageDto extends ImageMetricsDto {
  @ApiProperty({ description: 'Order in the report' }) position!: number;
  @ApiProperty({ description: "The pair's index in its dataset" }) pairIndex!: number;
  @ApiProperty() name!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ enum: ['image', 'volume'], description: 'volume: a whole case scored in 3D; image: one 2D image' }) kind!: 'image' | 'volume';
  @ApiProperty({ type: [Number], description: '(slices, rows, columns) of a volume, (rows, columns) of an image' }) shape!: number[];
  @ApiProperty({ type: [Number], description: 'mm per axis of a volume; [] or 1s for pixels' }) spacing!: number[];
  @ApiProperty({ enum: DISTANCE_UNITS, description: 'Unit of hausdorff95 and surfaceDistance' }) distanceUnit!: DistanceUnit;
  @ApiProperty({ nullable: true, type: Number, description: "The dataset case's index (GET /api/datasets/:id/cases)" }) caseIndex!: number | null;
  @ApiProperty({ type: [ClassImageMetricsDto], description: 'Foreground classes only' }) perClass!: ClassImageMetricsDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Why the image could not be scored' }) error!: string | null;
}

export interface EvaluationWithNames extends EvaluationRow, DatasetNameColumns {
  model_name: string;
  model_owner_id: string | null;
  model_visibility: Visibility | null;
}

export function mapEvaluation(row: EvaluationWithNames, access: OwnedFields): EvaluationDto {
  return {
    ...mapReportJob(row, access),
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    subset: row.subset,
    datasetVersion: row.dataset_version,
    splitModelId: row.split_model_id,
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
    nsd: row.nsd,
    kind: row.kind,
    shape: row.shape,
    spacing: row.spacing,
    distanceUnit: row.distance_unit,
    caseIndex: row.case_index,
    perClass: row.per_class,
    error: row.error,
  };
}

export const MAX_COMPARE_MODELS = 20;

export class BatchCompareDto {
  @ApiProperty({ type: [String], description: `The models to evaluate (1 to ${MAX_COMPARE_MODELS} model ids)` })
  @IsArray({ message: 'modelIds must be a list of model ids' })
  @ArrayMinSize(1, { message: 'modelIds must name at least one model' })
  @ArrayMaxSize(MAX_COMPARE_MODELS, { message: `modelIds may name at most ${MAX_COMPARE_MODELS} models; compare fewer at a time` })
  @ArrayUnique({ message: 'modelIds names a model more than once' })
  @IsUUID('4', { each: true, message: 'each of modelIds must be a model id (a UUID)' })
  modelIds!: string[];

  @ApiProperty({ description: 'The dataset every model is evaluated on (all its labelled pairs)' })
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' })
  datasetId!: string;

  @ApiPropertyOptional({ description: TOLERANCE_DESCRIPTION, minimum: 0, maximum: MAX_TOLERANCE_MM })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: TOLERANCE_MESSAGE })
  @Min(0, { message: TOLERANCE_MESSAGE })
  @Max(MAX_TOLERANCE_MM, { message: TOLERANCE_MESSAGE })
  surfaceToleranceMm?: number;
}

export class BatchCompareRefusalDto {
  @ApiProperty() modelId!: string;
  @ApiProperty({ description: 'Why this model was not evaluated, e.g. labels the model does not know' }) reason!: string;
}

export class BatchCompareResultDto {
  @ApiProperty() datasetId!: string;
  @ApiProperty({ type: [EvaluationDto], description: 'The evaluations started, one per accepted model, in request order' })
  evaluations!: EvaluationDto[];
  @ApiProperty({ type: [String], description: 'Ids of the started evaluations, in request order' }) evaluationIds!: string[];
  @ApiProperty({ type: [BatchCompareRefusalDto] }) refused!: BatchCompareRefusalDto[];
}
