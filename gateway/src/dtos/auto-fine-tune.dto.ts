import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsUUID, Max, Min } from 'class-validator';
import { UserRefDto } from './dataset-version.dto';

export const MAX_AUTO_NEW_MASKS = 10_000;
const NEW_MASKS_MESSAGE = `newMasks must be a whole number of new masks from 1 to ${MAX_AUTO_NEW_MASKS}`;

/** PUT /api/datasets/:id/auto-fine-tune: the rule, whole. */
export class SetAutoFineTuneDto {
  @ApiProperty({ description: 'false keeps the settings but queues nothing' })
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;

  @ApiProperty({ description: 'A completed model of this dataset; each round fine-tunes its newest completed descendant' })
  @IsUUID('4', { message: 'modelId must be a model id (a UUID) of a completed model trained on this dataset' })
  modelId!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_AUTO_NEW_MASKS, description: 'Queue a fine-tune once this many masks were saved since the last one' })
  @IsInt({ message: NEW_MASKS_MESSAGE })
  @Min(1, { message: NEW_MASKS_MESSAGE })
  @Max(MAX_AUTO_NEW_MASKS, { message: NEW_MASKS_MESSAGE })
  newMasks!: number;
}

export class AutoFineTuneDto {
  @ApiProperty() datasetId!: string;
  @ApiProperty({ description: 'false also when it was never set' }) enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The model chosen; null when never set' }) modelId!: string | null;
  @ApiProperty({ type: 'integer', description: 'The N of "after N new masks" (a default when never set)' }) newMasks!: number;
  @ApiProperty({ type: String, nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Who set it: the fine-tunes are queued as them' }) updatedBy!: UserRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: "The model the next round fine-tunes: the chosen one's newest completed descendant" })
  nextFromModelId!: string | null;
  @ApiProperty({ type: 'integer', description: 'The dataset version new masks are counted from (the last auto fine-tune, or the next model\'s own)' })
  sinceVersion!: number;
  @ApiProperty({ type: 'integer', description: 'Masks saved since sinceVersion' }) newMasksSince!: number;
  @ApiProperty({ type: String, nullable: true, description: 'An auto fine-tune of this dataset still queued or training: no other is queued meanwhile' })
  activeModelId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The last fine-tune this rule queued' }) lastModelId!: string | null;
}
