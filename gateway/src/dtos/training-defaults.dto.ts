import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { HyperparametersDto, ModelDefaultsDto } from './model.dto';

export class TrainingDefaultsQueryDto {
  @ApiPropertyOptional({ description: 'A dataset with volumes: volumeDefaults are chosen from its fingerprint' })
  @IsOptional() @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID)' })
  datasetId?: string;
}

/** The ml-service's rules and defaults, plus the unet_3d defaults of one dataset. */
export class TrainingDefaultsDto extends ModelDefaultsDto {
  @ApiProperty({
    type: HyperparametersDto,
    nullable: true,
    description: "unet_3d's values (patchSize, targetSpacing from the dataset's fingerprint); null without a dataset with volumes",
  })
  volumeDefaults!: HyperparametersDto | null;
}
