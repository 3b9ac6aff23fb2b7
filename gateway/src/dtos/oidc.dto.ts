import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class OidcLoginQueryDto {
  @ApiPropertyOptional({
    description: 'A path of this app to open after signing in (default /); anything but a same-origin path counts as /',
    example: '/models',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  returnUrl?: string;

  /** Set by the gateway's own redirect from another host name to MEDSEG_PUBLIC_URL's. */
  @ApiHideProperty()
  @IsOptional()
  @IsIn(['1'])
  redirected?: '1';
}
