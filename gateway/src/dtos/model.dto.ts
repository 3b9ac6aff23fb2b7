import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { JobReason, JobState, ModelRow, ModelStatus } from '../db/schema';
import { PageQueryDto } from './dataset.dto';
import { STATUS_REASONS } from './job.dto';

export const ARCHITECTURES = ['unet', 'attention_unet', 'resunet'] as const;
export const OPTIMIZERS = ['adam', 'adamw', 'sgd'] as const;
export const LOSSES = ['dice_ce', 'dice', 'cross_entropy'] as const;
export type ArchitectureName = (typeof ARCHITECTURES)[number];

/** Allowed ranges, shared by validation, the defaults endpoint and the form's inline errors. */
export const HYPERPARAMETER_RANGES = {
  epochs: { min: 1, max: 1000, step: 1 },
  learningRate: { min: 1e-6, max: 1, step: 1e-6 },
  batchSize: { min: 1, max: 256, step: 1 },
  inputSize: { min: 32, max: 1024, step: 16 },
  validationFraction: { min: 0.05, max: 0.5, step: 0.05 },
  seed: { min: 0, max: 2 ** 31 - 1, step: 1 },
  depth: { min: 2, max: 6, step: 1 },
  baseChannels: { min: 4, max: 128, step: 4 },
  encoderDepth: { min: 18, max: 34, step: 16 },
} as const;

const r = HYPERPARAMETER_RANGES;
const range = (field: keyof typeof r) => `${field} must be from ${r[field].min} to ${r[field].max}`;

export class HyperparametersDto {
  @ApiProperty({ default: 30, minimum: r.epochs.min, maximum: r.epochs.max })
  @IsInt({ message: 'epochs must be a whole number' }) @Min(r.epochs.min, { message: range('epochs') }) @Max(r.epochs.max, { message: range('epochs') })
  epochs = 30;

  @ApiProperty({ default: 1e-3, minimum: r.learningRate.min, maximum: r.learningRate.max })
  @IsNumber({}, { message: 'learningRate must be a number' })
  @Min(r.learningRate.min, { message: range('learningRate') }) @Max(r.learningRate.max, { message: range('learningRate') })
  learningRate = 1e-3;

  @ApiProperty({ default: 8, minimum: r.batchSize.min, maximum: r.batchSize.max })
  @IsInt({ message: 'batchSize must be a whole number' }) @Min(r.batchSize.min, { message: range('batchSize') }) @Max(r.batchSize.max, { message: range('batchSize') })
  batchSize = 8;

  @ApiProperty({ enum: ARCHITECTURES, default: 'unet' })
  @IsIn(ARCHITECTURES, { message: `architecture must be one of ${ARCHITECTURES.join(', ')}` })
  architecture: ArchitectureName = 'unet';

  @ApiProperty({ default: 256, minimum: r.inputSize.min, maximum: r.inputSize.max, description: 'A multiple of 16 (32 for resunet)' })
  @IsInt({ message: 'inputSize must be a whole number' }) @Min(r.inputSize.min, { message: range('inputSize') }) @Max(r.inputSize.max, { message: range('inputSize') })
  inputSize = 256;

  @ApiProperty({ default: 0.2, minimum: r.validationFraction.min, maximum: r.validationFraction.max })
  @IsNumber({}, { message: 'validationFraction must be a number' })
  @Min(r.validationFraction.min, { message: range('validationFraction') }) @Max(r.validationFraction.max, { message: range('validationFraction') })
  validationFraction = 0.2;

  @ApiProperty({ default: true })
  @IsBoolean({ message: 'augmentation must be true or false' })
  augmentation = true;

  @ApiProperty({ enum: OPTIMIZERS, default: 'adam' })
  @IsIn(OPTIMIZERS, { message: `optimizer must be one of ${OPTIMIZERS.join(', ')}` })
  optimizer: (typeof OPTIMIZERS)[number] = 'adam';

  @ApiProperty({ enum: LOSSES, default: 'dice_ce' })
  @IsIn(LOSSES, { message: `loss must be one of ${LOSSES.join(', ')}` })
  loss: (typeof LOSSES)[number] = 'dice_ce';

  @ApiProperty({ default: 42 })
  @IsInt({ message: 'seed must be a whole number' }) @Min(r.seed.min, { message: range('seed') }) @Max(r.seed.max, { message: range('seed') })
  seed = 42;

  @ApiProperty({ default: 4, description: 'U-Net levels (unet, attention_unet)' })
  @IsInt({ message: 'depth must be a whole number' }) @Min(r.depth.min, { message: range('depth') }) @Max(r.depth.max, { message: range('depth') })
  depth = 4;

  @ApiProperty({ default: 16, description: 'Channels of the first level (unet, attention_unet)' })
  @IsInt({ message: 'baseChannels must be a whole number' }) @Min(r.baseChannels.min, { message: range('baseChannels') }) @Max(r.baseChannels.max, { message: range('baseChannels') })
  baseChannels = 16;

  @ApiProperty({ enum: [18, 34], default: 18, description: 'ResNet encoder depth (resunet)' })
  @IsIn([18, 34], { message: 'encoderDepth must be 18 or 34' })
  encoderDepth: 18 | 34 = 18;
}

export class CreateModelDto {
  @ApiProperty({ example: 'Brain mask U-Net' })
  @IsString() @MinLength(1, { message: 'name must not be empty' }) @MaxLength(200)
  name!: string;

  @ApiProperty()
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' })
  datasetId!: string;

  @ApiPropertyOptional({ type: HyperparametersDto, description: 'Missing fields take their defaults' })
  @IsOptional() @ValidateNested() @Type(() => HyperparametersDto)
  hyperparameters: HyperparametersDto = new HyperparametersDto();
}

export class ModelIdDto {
  @IsUUID('4', { message: 'id must be a model id (a UUID)' }) id!: string;
}

export const MODEL_SORTS = ['createdAt', 'name', 'bestDice'] as const;

export class ModelListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MODEL_SORTS, default: 'createdAt' })
  @IsOptional() @IsIn(MODEL_SORTS)
  sort: (typeof MODEL_SORTS)[number] = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional() @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}

export class StepProgressDto {
  @ApiProperty() epoch!: number;
  @ApiProperty() epochs!: number;
  @ApiProperty() step!: number;
  @ApiProperty() totalSteps!: number;
  @ApiProperty() trainLoss!: number;
  @ApiProperty() samplesPerSecond!: number;
  @ApiProperty() elapsedSeconds!: number;
  @ApiProperty() etaSeconds!: number;
}

export class EpochDto {
  @ApiProperty() epoch!: number;
  @ApiProperty() epochs!: number;
  @ApiProperty() trainLoss!: number;
  @ApiProperty() valLoss!: number;
  @ApiProperty() valDice!: number;
  @ApiProperty() valIou!: number;
  @ApiProperty({ type: [Number] }) valDicePerClass!: number[];
  @ApiProperty({ type: [Number] }) valIouPerClass!: number[];
  @ApiProperty() learningRate!: number;
  @ApiProperty() samplesPerSecond!: number;
  @ApiProperty() elapsedSeconds!: number;
  @ApiProperty() etaSeconds!: number;
  @ApiProperty() isBest!: boolean;
}

export class ModelDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty() datasetId!: string;
  @ApiProperty() datasetName!: string;
  @ApiProperty({ enum: ARCHITECTURES }) architecture!: string;
  @ApiProperty({
    enum: ['training', 'completed', 'failed'],
    description: 'A job cancelled before its first epoch is failed with error "cancelled"; after it, completed and stoppedEarly',
  })
  status!: ModelStatus;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] }) jobState!: JobState;
  @ApiProperty({ description: '1 = next to run; 0 when not queued' }) queuePosition!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ enum: STATUS_REASONS, nullable: true, type: String, description: 'Why the job ended as it did; null while training or after a normal end' })
  reason!: JobReason | null;
  @ApiProperty({ description: 'A cancel stopped the training after at least one epoch: the model is its best epoch so far' })
  stoppedEarly!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) trainedAt!: string | null;
  @ApiProperty() epochsDone!: number;
  @ApiProperty() epochs!: number;
  @ApiProperty({ nullable: true, type: Number }) bestDice!: number | null;
  @ApiProperty({ nullable: true, type: StepProgressDto }) progress!: StepProgressDto | null;
}

export class ModelDetailDto extends ModelDto {
  @ApiProperty({ type: HyperparametersDto }) hyperparameters!: HyperparametersDto;
  @ApiProperty({ type: [EpochDto] }) history!: EpochDto[];
  @ApiProperty({ nullable: true, type: Object }) classes!: { labelValues: number[]; classCount: number } | null;
  @ApiProperty({ nullable: true, type: Object }) split!: { method: string; trainCount: number; valCount: number } | null;
  @ApiProperty({ nullable: true, type: Object })
  weights!: { bestBytes: number; lastBytes: number; bestSha256: string; lastSha256: string } | null;
}

export class ModelPageDto {
  @ApiProperty({ type: [ModelDto] }) items!: ModelDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ModelDefaultsDto {
  @ApiProperty({ type: HyperparametersDto }) hyperparameters!: HyperparametersDto;
  @ApiProperty({ type: Object }) ranges!: typeof HYPERPARAMETER_RANGES;
}

export function mapModel(row: ModelRow, datasetName: string): ModelDto {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    datasetId: row.dataset_id,
    datasetName,
    architecture: row.architecture,
    status: row.status,
    jobState: row.job_state,
    queuePosition: row.queue_position,
    error: row.error,
    reason: row.reason,
    stoppedEarly: row.reason === 'stopped_early',
    createdAt: row.created_at,
    trainedAt: row.trained_at,
    epochsDone: row.epochs_done,
    epochs: row.epochs,
    bestDice: row.best_dice,
    progress: JSON.parse(row.progress) as StepProgressDto | null,
  };
}

export function mapModelDetail(row: ModelRow, datasetName: string, history: EpochDto[]): ModelDetailDto {
  return {
    ...mapModel(row, datasetName),
    hyperparameters: JSON.parse(row.hyperparameters) as HyperparametersDto,
    history,
    classes: JSON.parse(row.classes) as ModelDetailDto['classes'],
    split: JSON.parse(row.split) as ModelDetailDto['split'],
    weights: JSON.parse(row.weights) as ModelDetailDto['weights'],
  };
}
