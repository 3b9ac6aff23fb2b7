import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { OidcLoginQueryDto } from '../dtos/oidc.dto';
import { type OidcRedirect, OidcSignInService } from '../services/oidc-sign-in.service';

/** Single sign-on by OpenID Connect: public, since they are how a person signs in. */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(private readonly signIn: OidcSignInService) {}

  @Public()
  @Get('login')
  @ApiFoundResponse({ description: 'To the single sign-on provider; on a problem to /login?error=<reason>' })
  async login(@Query() { returnUrl, redirected }: OidcLoginQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    redirect(res, await this.signIn.start(returnUrl, req.get('host'), redirected === '1'));
  }

  @Public()
  @Get('callback')
  @ApiFoundResponse({ description: 'Signed in (session cookie set): to the returnUrl; otherwise to /login?error=<reason>' })
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.originalUrl.indexOf('?');
    const search = query >= 0 ? req.originalUrl.slice(query) : '';
    redirect(res, await this.signIn.finish(search, req.get('cookie')));
  }
}

function redirect(res: Response, { location, cookies }: OidcRedirect): void {
  if (cookies.length) res.append('Set-Cookie', cookies);
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(302, location);
}
