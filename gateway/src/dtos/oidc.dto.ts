import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class OidcLoginQueryDto {
  @ApiPropertyOptional({
    description: 'A path of this app to open after signing in (default /); anything but a same-origin path counts as /',
    example: '/models',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  returnUrl?: string;
}
