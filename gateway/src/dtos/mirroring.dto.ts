import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export const MIRRORING_DESCRIPTION =
  "true: average the model's logits over every mirror image of the input (nnU-Net's test-time mirroring): " +
  'usually a little more accurate, 4 times the forward passes for a 2D model and 8 for a 3D one';

/** `?testTimeMirroring=true` on the endpoints that run a model over images. */
export class MirroringQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: MIRRORING_DESCRIPTION })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'testTimeMirroring must be true or false' })
  testTimeMirroring = false;
}
