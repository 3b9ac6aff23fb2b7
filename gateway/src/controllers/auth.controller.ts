import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Put, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { BeforePassword, CurrentUser, Public } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { clearedSessionCookie, sessionCookie } from '../auth/session-cookie';
import type { GatewayConfig } from '../config';
import { AuthProvidersDto, ChangePasswordDto, LoginDto, LoginLinkDto, MeDto } from '../dtos/auth.dto';
import { LoginService, type SignedIn, meOf } from '../services/login.service';
import { TooManyLoginsException } from '../services/login-throttle';
import { OidcSignInService } from '../services/oidc-sign-in.service';
import { SessionService } from '../services/session.service';
import { CONFIG } from '../tokens';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly login: LoginService,
    private readonly sessions: SessionService,
    private readonly oidc: OidcSignInService,
  ) {}

  @Public()
  @Get('providers')
  @ApiOkResponse({ type: AuthProvidersDto, description: 'How one may sign in: password, and single sign-on when configured' })
  providers(): AuthProvidersDto {
    return { password: true, oidc: this.oidc.describe() };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: MeDto, description: 'Signed in; the session cookie medseg_session is set' })
  @ApiUnauthorizedResponse({ description: 'Wrong user name or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for the account or address; Retry-After says when to try again' })
  async signIn(@Body() body: LoginDto, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<MeDto> {
    try {
      return this.started(await this.login.withPassword(body, ip), res);
    } catch (error) {
      if (error instanceof TooManyLoginsException) res.setHeader('Retry-After', String(error.retryAfterS));
      throw error;
    }
  }

  @Public()
  @Post('login-link')
  @HttpCode(200)
  @ApiOkResponse({ type: MeDto, description: 'Signed in with mustSetPassword true; the session cookie is set' })
  @ApiUnauthorizedResponse({ description: 'The link is invalid, used or expired' })
  async signInWithLink(@Body() { link }: LoginLinkDto, @Res({ passthrough: true }) res: Response): Promise<MeDto> {
    return this.started(await this.login.withLink(link), res);
  }

  @BeforePassword()
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() caller: Caller): MeDto {
    return meOf(caller);
  }

  @BeforePassword()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'This session ended and its cookie is cleared' })
  async logout(@CurrentUser() caller: Caller, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (caller.sessionId !== null) await this.sessions.end(caller.sessionId);
    res.setHeader('Set-Cookie', clearedSessionCookie(this.config));
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the caller ended' })
  async logoutAll(@CurrentUser() caller: Caller, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.sessions.endAll(caller.id);
    res.setHeader('Set-Cookie', clearedSessionCookie(this.config));
  }

  @BeforePassword()
  @Put('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Password set; the caller\'s other sessions ended' })
  async changePassword(@CurrentUser() caller: Caller, @Body() body: ChangePasswordDto): Promise<void> {
    await this.login.changePassword(caller, body);
  }

  private started({ me, sessionSecret }: SignedIn, res: Response): MeDto {
    res.setHeader('Set-Cookie', sessionCookie(sessionSecret, this.config));
    return me;
  }
}
