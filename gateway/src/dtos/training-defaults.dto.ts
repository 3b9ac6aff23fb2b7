import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { HyperparametersDto, ModelDefaultsDto } from './model.dto';

export class TrainingDefaultsQueryDto {
  @ApiPropertyOptional({ description: "A dataset: autoDefaults (and, with volumes, volumeDefaults) are chosen from its statistics and fingerprint" })
  @IsOptional() @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' })
  datasetId?: string;
}

/** One value the Auto preset derived from the dataset, and why. */
export class AutoChoiceDto {
  @ApiProperty({ description: 'The hyper-parameter, e.g. inputSize' }) field!: string;
  @ApiProperty({ description: 'Why, for a person: "median image 181 × 217 px, rounded up to a multiple of 16"' }) reason!: string;
}

/** The ml-service's rules and defaults, plus the Auto values of one dataset. */
export class TrainingDefaultsDto extends ModelDefaultsDto {
  @ApiProperty({
    type: HyperparametersDto,
    nullable: true,
    description: "unet_3d's values (patchSize, targetSpacing from the dataset's fingerprint); null without a dataset with volumes",
  })
  volumeDefaults!: HyperparametersDto | null;
  @ApiProperty({
    type: HyperparametersDto,
    nullable: true,
    description: 'The "Auto" preset for the dataset: what a 2D model of it trains with when a field is not sent (input size, batch size within the device memory, epochs from its size); null without a dataset',
  })
  autoDefaults!: HyperparametersDto | null;
  @ApiProperty({ type: [AutoChoiceDto], description: 'Why autoDefaults hold what they hold' }) autoChoices!: AutoChoiceDto[];
  @ApiProperty({ type: [AutoChoiceDto], description: 'Why volumeDefaults hold what they hold' }) volumeChoices!: AutoChoiceDto[];
}
