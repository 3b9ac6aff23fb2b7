import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { AnnotationProposalSource, AnnotationRow, DatasetVersionChange } from '../db/schema';
import { DatasetIdDto } from './dataset.dto';
import { LabelVoxelsDto } from './dataset-volume.dto';

export const PROPOSAL_SOURCES: readonly AnnotationProposalSource[] = ['model', 'ground-truth', 'empty', 'previous'];
export const CONFLICT_CHOICES = ['fail', 'keep-both'] as const;
export type ConflictChoice = (typeof CONFLICT_CHOICES)[number];

export class UserRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Display name' }) name!: string;
}

export class VersionChangeDto implements DatasetVersionChange {
  @ApiProperty() caseIndex!: number;
  @ApiProperty() caseName!: string;
  @ApiProperty() annotationId!: string;
  @ApiProperty({ enum: ['added', 'changed'], description: 'added: the case was unlabeled before' }) kind!: 'added' | 'changed';
}

export class DatasetVersionDto {
  @ApiProperty({ description: '1: the dataset as uploaded' }) version!: number;
  @ApiProperty({ type: Number, nullable: true }) parent!: number | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Null for version 1 and for deleted accounts' }) createdBy!: UserRefDto | null;
  @ApiProperty() labelledCases!: number;
  @ApiProperty() unlabeledCases!: number;
  @ApiProperty({ type: [VersionChangeDto], description: "This version's own changes" }) changes!: VersionChangeDto[];
}

export class AnnotationDto {
  @ApiProperty() id!: string;
  @ApiProperty() caseIndex!: number;
  @ApiProperty() caseName!: string;
  @ApiProperty({ description: 'The version that commits it' }) version!: number;
  @ApiProperty({ description: 'The version the person opened' }) baseVersion!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) createdBy!: UserRefDto | null;
  @ApiProperty({ enum: PROPOSAL_SOURCES }) proposalSource!: AnnotationProposalSource;
  @ApiProperty({ type: String, nullable: true }) proposalModelId!: string | null;
  @ApiProperty() secondsSpent!: number;
  @ApiProperty() changedVoxels!: number;
  @ApiProperty() totalVoxels!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean foreground Dice of the proposal against the saved mask' })
  proposalDice!: number | null;
  @ApiProperty({ type: [LabelVoxelsDto] }) labelVoxels!: LabelVoxelsDto[];
}

export class SavedAnnotationDto {
  @ApiProperty({ type: DatasetVersionDto }) version!: DatasetVersionDto;
  @ApiProperty({ type: AnnotationDto }) annotation!: AnnotationDto;
}

/** The other save a conflicting one collided with. */
export class AnnotationConflictDto {
  @ApiProperty() caseIndex!: number;
  @ApiProperty() version!: number;
  @ApiProperty() annotationId!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) createdBy!: UserRefDto | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: "The other save's mask (mask.nii.gz of its version)" }) maskUrl!: string;
}

export class AnnotationConflictBodyDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty() message!: string;
  @ApiProperty({ type: AnnotationConflictDto }) conflict!: AnnotationConflictDto;
}

export class VersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: "Default: the dataset's latest version" })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'version must be a whole number' }) @Min(1, { message: 'version must be 1 or more' })
  version?: number;
}

export class VersionParamsDto extends DatasetIdDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Version number' }) @Type(() => Number) @IsInt({ message: 'n must be a version number' }) @Min(1, { message: 'n must be 1 or more' }) n!: number;
}

export class AnnotationQueueQueryDto {
  @ApiPropertyOptional({ description: 'Order by this model\'s uncertainty (RankCases); default: index order' })
  @IsOptional() @IsUUID('4', { message: 'modelId must be a model id (a UUID)' })
  modelId?: string;

  @ApiPropertyOptional({ enum: ['entropy', 'mc-dropout'], default: 'entropy' })
  @IsOptional() @IsIn(['entropy', 'mc-dropout'], { message: 'method must be entropy or mc-dropout' })
  method: 'entropy' | 'mc-dropout' = 'entropy';
}

export class AnnotationQueueItemDto {
  @ApiProperty() caseIndex!: number;
  @ApiProperty() name!: string;
  @ApiProperty() depth!: number;
  @ApiProperty() height!: number;
  @ApiProperty() width!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Uncertainty (higher: more uncertain); null in index order' })
  score!: number | null;
}

export class AnnotationQueueDto {
  @ApiProperty({ description: 'The latest version, whose unlabeled cases these are' }) version!: number;
  @ApiProperty({ enum: ['index', 'entropy', 'mc-dropout'] }) ordering!: 'index' | 'entropy' | 'mc-dropout';
  @ApiProperty({ type: [AnnotationQueueItemDto] }) items!: AnnotationQueueItemDto[];
}

/** Names of the users rows point at (created_by), resolved once per request. */
export type UserNames = Map<string, string>;

export function userRef(id: string | null, names: UserNames): UserRefDto | null {
  return id ? { id, name: names.get(id) ?? '' } : null;
}

export function mapAnnotation(row: AnnotationRow, caseName: string, names: UserNames): AnnotationDto {
  return {
    id: row.id,
    caseIndex: row.case_index,
    caseName,
    version: row.version,
    baseVersion: row.base_version,
    createdAt: row.created_at,
    createdBy: userRef(row.created_by, names),
    proposalSource: row.proposal_source,
    proposalModelId: row.proposal_model_id,
    secondsSpent: row.seconds_spent,
    changedVoxels: row.changed_voxels,
    totalVoxels: row.total_voxels,
    proposalDice: row.proposal_dice,
    labelVoxels: row.label_voxels,
  };
}
