import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthProvidersDto } from '../dtos/auth.dto';
import { OidcSignInService } from '../services/oidc-sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class AuthProvidersController {
  constructor(private readonly oidc: OidcSignInService) {}

  @Get('providers')
  @ApiOkResponse({ type: AuthProvidersDto, description: 'How one may sign in: password, and single sign-on when configured' })
  getProviders(): AuthProvidersDto {
    return { password: true, oidc: this.oidc.describe() };
  }
}
