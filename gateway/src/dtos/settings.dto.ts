import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class SettingsDto {
  @ApiProperty({ description: 'A stored inference result keeps the image it was made from (off: masks and maps only)' })
  storeInferenceInputs!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'When an admin last changed a setting; null: all at their environment values' })
  updatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'User name of the admin who did' })
  updatedBy!: string | null;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() storeInferenceInputs?: boolean;
}
