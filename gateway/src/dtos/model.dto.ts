// One piece on purpose: the REST shapes of a model (create, fine-tune, list, detail, defaults)
// share their field descriptions, the one mapModel that fills them and withRecipeFields, which
// gives stored rows the hyper-parameters added after they were written.
import { LabelNameDto } from './dataset-volume.dto';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { JobReason, JobState, ModelRow, ModelStatus, ModelTrigger } from '../db/schema';
import { PageQueryDto } from './dataset.dto';
import { STATUS_REASONS } from './job.dto';
import { CanChangeField, OwnerFilterField, OwnerField, type OwnedFields, type OwnerDto, type OwnerFilter, type Visibility, VisibilityField } from './owner.dto';

export const ARCHITECTURES = ['unet', 'attention_unet', 'resunet', 'unet_3d'] as const;
export const OPTIMIZERS = ['adam', 'adamw', 'sgd'] as const;
export const LOSSES = ['dice_ce', 'dice', 'cross_entropy'] as const;
export const AUGMENTATION_PRESETS = ['nnunet', 'light'] as const;
export const LR_SCHEDULES = ['poly', 'cosine'] as const;
export type ArchitectureName = (typeof ARCHITECTURES)[number];
export const MODEL_TRIGGERS = ['manual', 'auto-fine-tune'] as const satisfies readonly ModelTrigger[];

/** The hyper-parameters in force for a model, as GET /api/models/:id and the defaults return them. */
export class HyperparametersDto {
  @ApiProperty() epochs!: number;
  @ApiProperty() learningRate!: number;
  @ApiProperty() batchSize!: number;
  @ApiProperty({ enum: ARCHITECTURES }) architecture!: ArchitectureName;
  @ApiProperty({ description: 'A multiple of the rule in GET /api/models/defaults for the architecture and depth' }) inputSize!: number;
  @ApiProperty() validationFraction!: number;
  @ApiProperty() augmentation!: boolean;
  @ApiProperty({ enum: OPTIMIZERS }) optimizer!: (typeof OPTIMIZERS)[number];
  @ApiProperty({ enum: LOSSES }) loss!: (typeof LOSSES)[number];
  @ApiProperty() seed!: number;
  @ApiProperty({ description: 'U-Net levels (unet, attention_unet)' }) depth!: number;
  @ApiProperty({ description: 'Channels of the first level (unet, attention_unet)' }) baseChannels!: number;
  @ApiProperty({ description: 'ResNet encoder depth (resunet): 18 or 34' }) encoderDepth!: number;
  @ApiProperty({ type: [Number], description: 'unet_3d: (slice, row, column) patch in voxels; empty for 2D architectures' })
  patchSize!: number[];
  @ApiProperty({ type: [Number], description: 'unet_3d: (slice, row, column) mm the volumes are resampled to; all 0 = each its own; empty for 2D' })
  targetSpacing!: number[];
  @ApiProperty({ description: "nnU-Net's foreground oversampling: unet_3d's share of patches centred on a foreground voxel; a 2D network's share of each batch that is slices holding a labelled class" })
  foregroundOversampling!: number;
  @ApiProperty({ description: "Share of activations dropped in training (0 = none); above 0 the annotation queue can order by Monte-Carlo dropout" })
  dropout!: number;
  @ApiProperty({ description: 'A guided model: it also takes click, box, scribble and lasso prompts (interactive sessions); without prompts it segments automatically' })
  guided!: boolean;
  @ApiProperty({ enum: AUGMENTATION_PRESETS, description: "With augmentation on: 'nnunet' (rotation, scaling, noise, blur, brightness, contrast, low resolution, gamma, mirroring) or 'light' (flips, 90° turns, intensity jitter: the recipe before nnU-Net's)" })
  augmentationPreset!: (typeof AUGMENTATION_PRESETS)[number];
  @ApiProperty({ enum: LR_SCHEDULES, description: "'poly' (nnU-Net's, after a one-epoch warm-up) or 'cosine' (the recipe before poly)" })
  lrSchedule!: (typeof LR_SCHEDULES)[number];
  @ApiProperty({ description: 'Stop when the smoothed validation Dice has not improved for this many epochs; 0 = never' })
  earlyStoppingPatience!: number;
}

const whole = (field: string) => ({ message: `${field} must be a whole number` });
const positive = (field: string) => ({ message: `${field} must be greater than 0` });

/**
 * Hyper-parameters of a new training; a missing field takes the ml-service's default. Only types
 * are checked here: the ranges and the input-size rule are the ml-service's (GET /api/models/defaults),
 * and its refusal comes back as a 400 naming the field. Zero is refused because on the wire it means
 * "use the default".
 */
export class HyperparametersInputDto {
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('epochs')) @IsPositive(positive('epochs')) epochs?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({}, { message: 'learningRate must be a number' }) @IsPositive(positive('learningRate'))
  learningRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('batchSize')) @IsPositive(positive('batchSize')) batchSize?: number;
  @ApiPropertyOptional({ enum: ARCHITECTURES })
  @IsOptional() @IsIn(ARCHITECTURES, { message: `architecture must be one of ${ARCHITECTURES.join(', ')}` })
  architecture?: ArchitectureName;
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('inputSize')) @IsPositive(positive('inputSize')) inputSize?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({}, { message: 'validationFraction must be a number' }) @IsPositive(positive('validationFraction'))
  validationFraction?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'augmentation must be true or false' }) augmentation?: boolean;
  @ApiPropertyOptional({ enum: OPTIMIZERS })
  @IsOptional() @IsIn(OPTIMIZERS, { message: `optimizer must be one of ${OPTIMIZERS.join(', ')}` })
  optimizer?: (typeof OPTIMIZERS)[number];
  @ApiPropertyOptional({ enum: LOSSES }) @IsOptional() @IsIn(LOSSES, { message: `loss must be one of ${LOSSES.join(', ')}` })
  loss?: (typeof LOSSES)[number];
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('seed')) @IsPositive(positive('seed')) seed?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('depth')) @IsPositive(positive('depth')) depth?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('baseChannels')) @IsPositive(positive('baseChannels')) baseChannels?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt(whole('encoderDepth')) @IsPositive(positive('encoderDepth')) encoderDepth?: number;
  @ApiPropertyOptional({ type: [Number], description: 'unet_3d: 3 whole numbers (slice, row, column); missing = from the dataset fingerprint' })
  @IsOptional() @IsArray({ message: 'patchSize must be a list of 3 whole numbers' })
  @ArrayMinSize(3, { message: 'patchSize must have 3 sides (slice, row, column)' }) @ArrayMaxSize(3, { message: 'patchSize must have 3 sides (slice, row, column)' })
  @IsInt({ each: true, message: 'patchSize sides must be whole numbers' }) @IsPositive({ each: true, message: 'patchSize sides must be greater than 0' })
  patchSize?: number[];
  @ApiPropertyOptional({ type: [Number], description: 'unet_3d: 3 spacings in mm (slice, row, column), all 0 = keep each case\'s own; missing = the median spacing' })
  @IsOptional() @IsArray({ message: 'targetSpacing must be a list of 3 numbers (mm)' })
  @ArrayMinSize(3, { message: 'targetSpacing must have 3 values (slice, row, column)' }) @ArrayMaxSize(3, { message: 'targetSpacing must have 3 values (slice, row, column)' })
  @IsNumber({}, { each: true, message: 'targetSpacing values must be numbers (mm)' }) @Min(0, { each: true, message: 'targetSpacing values must be 0 or more' })
  targetSpacing?: number[];
  @ApiPropertyOptional({ description: 'Share of each batch centred on (unet_3d) or holding (2D) a labelled class, in (0, 1]; missing = 0.33' })
  @IsOptional() @IsNumber({}, { message: 'foregroundOversampling must be a number' })
  @IsPositive(positive('foregroundOversampling')) @Max(1, { message: 'foregroundOversampling must be at most 1' })
  foregroundOversampling?: number;
  @ApiPropertyOptional({
    minimum: 0, maximum: 0.5, default: 0,
    description: "Share of activations dropped in training, 0 to 0.5 (0 = none); above 0 it enables the annotation queue's Monte-Carlo dropout ordering (method=mc-dropout)",
  })
  @IsOptional() @IsNumber({}, { message: 'dropout must be a number' })
  @Min(0, { message: 'dropout must be from 0 to 0.5' }) @Max(0.5, { message: 'dropout must be from 0 to 0.5' })
  dropout?: number;
  @ApiPropertyOptional({
    default: false,
    description: 'Train a guided model: besides the image it takes positive and negative prompts (points, boxes, scribbles, lassos) simulated from the masks during training; at most 16 classes',
  })
  @IsOptional() @IsBoolean({ message: 'guided must be true or false' })
  guided?: boolean;
  @ApiPropertyOptional({ enum: AUGMENTATION_PRESETS })
  @IsOptional() @IsIn(AUGMENTATION_PRESETS, { message: `augmentationPreset must be one of ${AUGMENTATION_PRESETS.join(', ')}` })
  augmentationPreset?: (typeof AUGMENTATION_PRESETS)[number];
  @ApiPropertyOptional({ enum: LR_SCHEDULES })
  @IsOptional() @IsIn(LR_SCHEDULES, { message: `lrSchedule must be one of ${LR_SCHEDULES.join(', ')}` })
  lrSchedule?: (typeof LR_SCHEDULES)[number];
  @ApiPropertyOptional({ minimum: 0, description: 'Epochs without a gain in the smoothed validation Dice before training stops; 0 = never (the default)' })
  @IsOptional() @IsInt(whole('earlyStoppingPatience')) @Min(0, { message: 'earlyStoppingPatience must be 0 or more' })
  earlyStoppingPatience?: number;
}

export class CreateModelDto {
  @ApiProperty({ example: 'Brain mask U-Net' })
  @IsString() @MinLength(1, { message: 'name must not be empty' }) @MaxLength(200)
  name!: string;

  @ApiProperty()
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' })
  datasetId!: string;

  @ApiPropertyOptional({ type: HyperparametersInputDto, description: "Missing fields take the ml-service's defaults" })
  @IsOptional() @ValidateNested() @Type(() => HyperparametersInputDto)
  hyperparameters: HyperparametersInputDto = {};

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: "The dataset version to train on; default: the dataset's latest" })
  @IsOptional() @IsInt({ message: 'datasetVersion must be a whole number' }) @Min(1, { message: 'datasetVersion must be 1 or more' })
  datasetVersion?: number;
}

export class FineTuneDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: "Default: the parent's dataset's latest version" })
  @IsOptional() @IsInt({ message: 'datasetVersion must be a whole number' }) @Min(1, { message: 'datasetVersion must be 1 or more' })
  datasetVersion?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: "Default: max(1, round(the parent's epochs / 2))" })
  @IsOptional() @IsInt({ message: 'epochs must be a whole number' }) @Min(1, { message: 'epochs must be 1 or more' })
  epochs?: number;

  @ApiPropertyOptional({ description: "Default: the parent's learning rate (training starts from its weights)" })
  @IsOptional() @IsNumber({}, { message: 'learningRate must be a number' }) @IsPositive({ message: 'learningRate must be more than 0' })
  learningRate?: number;
}

export class ModelIdDto {
  @ApiProperty({ format: 'uuid', description: 'Model id' }) @IsUUID('4', { message: 'id must be a model id (a UUID)' }) id!: string;
}

export const MODEL_SORTS = ['createdAt', 'name', 'bestDice'] as const;
export const MODEL_STATUSES = ['training', 'completed', 'failed'] as const satisfies readonly ModelStatus[];

export class ModelListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MODEL_SORTS, default: 'createdAt' })
  @IsOptional() @IsIn(MODEL_SORTS)
  sort: (typeof MODEL_SORTS)[number] = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional() @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({ description: 'Only models whose name contains this text (case-insensitive)', maxLength: 200 })
  @IsOptional() @IsString() @MaxLength(200, { message: 'search must be at most 200 characters' })
  search?: string;

  @ApiPropertyOptional({ enum: MODEL_STATUSES, description: 'Only models in this status' })
  @IsOptional() @IsIn(MODEL_STATUSES, { message: `status must be one of ${MODEL_STATUSES.join(', ')}` })
  status?: ModelStatus;

  @OwnerFilterField() owner?: OwnerFilter;
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
  @ApiProperty({ nullable: true, type: Number, description: 'Mean over validation images; null when no image has a foreground class in truth or prediction' })
  valDice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) valIou!: number | null;
  @ApiProperty({ type: [Number], description: 'Index i = class i (background included); null for a class absent from every validation image and its prediction' })
  valDicePerClass!: (number | null)[];
  @ApiProperty({ type: [Number] }) valIouPerClass!: (number | null)[];
  @ApiProperty() learningRate!: number;
  @ApiProperty() samplesPerSecond!: number;
  @ApiProperty() elapsedSeconds!: number;
  @ApiProperty() etaSeconds!: number;
  @ApiProperty() isBest!: boolean;
}

export class ClassMetricsDto {
  @ApiProperty() labelValue!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Null when the class was absent from validation' }) dice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) iou!: number | null;
}

export class ModelMetricsDto {
  @ApiProperty({ description: 'The epoch whose weights are the model (best validation Dice)' }) bestEpoch!: number;
  @ApiProperty({ nullable: true, type: Number }) bestDice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) bestIou!: number | null;
  @ApiProperty({ type: [ClassMetricsDto], description: 'Best epoch, one entry per class, background first' }) perClass!: ClassMetricsDto[];
  @ApiProperty() epochsRun!: number;
}

export class ModelDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() version!: number;
  @ApiProperty() datasetId!: string;
  @ApiProperty({ description: "'' when the caller may not see the dataset (a shared model of a private dataset)" }) datasetName!: string;
  @ApiProperty({ enum: ARCHITECTURES }) architecture!: string;
  @ApiProperty({ description: 'Trained with guidance channels: it takes prompts in sessions (POST /api/models/:id/sessions)' }) guided!: boolean;
  @ApiProperty({
    enum: MODEL_STATUSES,
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
  @ApiProperty({ nullable: true, type: ModelMetricsDto, description: 'Final metrics of a completed training' })
  metrics!: ModelMetricsDto | null;
  @OwnerField() owner!: OwnerDto | null;
  @VisibilityField() visibility!: Visibility;
  @CanChangeField() canChange!: boolean;
  @ApiProperty({ description: 'The dataset version it was trained on' }) datasetVersion!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The model it was fine-tuned from' }) parentModelId!: string | null;
  @ApiProperty({ type: [String], description: 'Models fine-tuned from it' }) childModelIds!: string[];
  @ApiProperty({ enum: MODEL_TRIGGERS, description: "auto-fine-tune: queued by its dataset's auto fine-tune rule after enough new masks" })
  trigger!: ModelTrigger;
}

export class ModelClassesDto {
  @ApiProperty({ type: [Number], description: 'Label value of each class in the masks (index = class)' }) labelValues!: number[];
  @ApiProperty() classCount!: number;
  @ApiProperty({ type: [LabelNameDto], description: 'Names of the label values, from the dataset it was trained on (empty names where it gave none)' }) labels!: LabelNameDto[];
}

export class ModelSplitDto {
  @ApiProperty() method!: string;
  @ApiProperty() trainCount!: number;
  @ApiProperty() valCount!: number;
}

export class ModelWeightsDto {
  @ApiProperty() bestBytes!: number;
  @ApiProperty() lastBytes!: number;
  @ApiProperty() bestSha256!: string;
  @ApiProperty() lastSha256!: string;
}

export class MinComponentSizeDto {
  @ApiProperty({ type: 'integer', description: 'Class index (index into classes.labelValues)' }) classIndex!: number;
  @ApiProperty({ type: 'integer', description: "Smaller components become background: pixels (voxels for unet_3d) on the network's input grid" })
  size!: number;
}

export class PostProcessingDiceDto {
  @ApiProperty({ type: 'integer', description: 'Class index (index into classes.labelValues)' }) classIndex!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean validation Dice as the network predicted' }) before!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean validation Dice with the post-processing chosen' }) after!: number | null;
}

export class ModelPostProcessingDto {
  @ApiProperty({ type: 'integer', isArray: true, description: 'Class indices reduced to their largest connected component' })
  largestComponentClasses!: number[];
  @ApiProperty({ type: [MinComponentSizeDto] }) minComponentSize!: MinComponentSizeDto[];
  @ApiProperty({ type: [PostProcessingDiceDto], description: 'Each class the choice considered, ascending' })
  validationDice!: PostProcessingDiceDto[];
  @ApiProperty({ type: 'integer', description: 'Validation cases it was chosen on' }) validationCases!: number;
  @ApiProperty({ type: 'integer', description: 'Training cases that joined the decision; 0: validation alone decided' }) trainingCases!: number;
  @ApiProperty({ description: 'How it was chosen, or why none was' }) note!: string;
}

export class ModelDetailDto extends ModelDto {
  @ApiProperty({ type: HyperparametersDto }) hyperparameters!: HyperparametersDto;
  @ApiProperty({ type: [EpochDto] }) history!: EpochDto[];
  @ApiProperty({ nullable: true, type: ModelClassesDto }) classes!: ModelClassesDto | null;
  @ApiProperty({ nullable: true, type: ModelSplitDto }) split!: ModelSplitDto | null;
  @ApiProperty({ nullable: true, type: ModelWeightsDto }) weights!: ModelWeightsDto | null;
  @ApiProperty({
    nullable: true,
    type: ModelPostProcessingDto,
    description: 'What training chose on validation and every prediction applies; empty lists: none. Null: trained before post-processing (or not completed)',
  })
  postProcessing!: ModelPostProcessingDto | null;
}

export class ModelPageDto {
  @ApiProperty({ type: [ModelDto] }) items!: ModelDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class HyperparameterRangeDto {
  @ApiProperty() min!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ description: 'What a form steps by; not enforced' }) step!: number;
  @ApiProperty({ description: 'min itself is refused' }) minExclusive!: boolean;
  @ApiProperty({ type: [Number], description: 'When not empty, the only values accepted' }) allowed!: number[];
}

export class InputSizeRuleDto {
  @ApiProperty({ enum: ARCHITECTURES }) architecture!: ArchitectureName;
  @ApiProperty({ nullable: true, type: Number, description: 'null: any depth' }) depth!: number | null;
  @ApiProperty() multiple!: number;
}

/** The ml-service's hyper-parameter rules (GetTrainingDefaults), as the training form checks them. */
@ApiExtraModels(HyperparameterRangeDto)
export class ModelDefaultsDto {
  @ApiProperty({ type: HyperparametersDto }) hyperparameters!: HyperparametersDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(HyperparameterRangeDto) },
    description: 'By hyper-parameter name (camelCase)',
  })
  ranges!: Record<string, HyperparameterRangeDto>;
  @ApiProperty({ type: [InputSizeRuleDto], description: 'inputSize must be a multiple of the rule for the architecture and depth' })
  inputSizeRules!: InputSizeRuleDto[];
}

export function mapModel(row: ModelRow, datasetName: string, access: OwnedFields, childModelIds: string[] = []): ModelDto {
  return {
    datasetVersion: row.dataset_version,
    parentModelId: row.parent_model_id,
    childModelIds,
    trigger: row.trigger,
    id: row.id,
    name: row.name,
    version: row.version,
    datasetId: row.dataset_id,
    datasetName,
    architecture: row.architecture,
    guided: row.hyperparameters?.guided ?? false,
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
    progress: row.progress,
    metrics: row.metrics,
    owner: access.owner,
    visibility: row.visibility,
    canChange: access.canChange,
  };
}

export function mapModelDetail(row: ModelRow, datasetName: string, history: EpochDto[], access: OwnedFields, childModelIds: string[] = []): ModelDetailDto {
  return {
    ...mapModel(row, datasetName, access, childModelIds),
    // Rows stored before dropout or guidance have none: they trained without.
    hyperparameters: withRecipeFields(row.hyperparameters),
    history,
    classes: row.classes ? { ...row.classes, labels: row.classes.labels ?? [] } : null,
    split: row.split,
    weights: row.weights,
    postProcessing: row.post_processing,
  };
}

/**
 * A stored row's hyper-parameters with the fields added after it was written: rows from before
 * dropout and guided trained without them, rows from before the nnU-Net recipe with the light
 * augmentation and the cosine schedule, without early stopping.
 */
export function withRecipeFields(hp: HyperparametersDto): HyperparametersDto {
  return {
    ...hp,
    dropout: hp.dropout ?? 0,
    guided: hp.guided ?? false,
    augmentationPreset: hp.augmentationPreset ?? 'light',
    lrSchedule: hp.lrSchedule ?? 'cosine',
    earlyStoppingPatience: hp.earlyStoppingPatience ?? 0,
  };
}
