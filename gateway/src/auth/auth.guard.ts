import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../dtos/auth.dto';
import { ApiTokenService, SIGN_IN_FIRST } from '../services/api-token.service';
import { SessionService } from '../services/session.service';
import { type AuthenticatedRequest, BEFORE_PASSWORD_KEY, MIN_ROLE_KEY, PUBLIC_KEY } from './auth.decorators';
import { type Caller, roleAtLeast } from './caller';
import { assertSameOrigin } from './same-origin';
import { readSessionCookie } from './session-cookie';

export const SET_PASSWORD_FIRST = 'Set a password first (PUT /api/auth/password)';

/**
 * The one gate of every route (APP_GUARD): SSE streams and downloads are routes like the others.
 * A bearer token wins over a cookie; a route is open to any signed-in user unless @MinRole says more.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;

    const caller = await this.authenticate(req, isPublic);
    if (isPublic) {
      // A login form posted by a foreign page names it: refused (login CSRF); curl names none.
      if (!caller || caller.authMethod === 'session') assertSameOrigin(req, { required: false });
      if (caller) req.caller = caller;
      return true;
    }
    if (!caller) throw new UnauthorizedException(SIGN_IN_FIRST);
    if (caller.authMethod === 'session') assertSameOrigin(req, { required: true });
    req.caller = caller;

    if (caller.mustSetPassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_KEY, targets)) {
      throw new ForbiddenException(SET_PASSWORD_FIRST);
    }
    const min = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE_KEY, targets) ?? 'viewer';
    if (!roleAtLeast(caller.role, min)) {
      throw new ForbiddenException(min === 'admin' ? 'Only an admin may do this' : `Only a ${min} or an admin may do this; you are a ${caller.role}`);
    }
    return true;
  }

  /** Bearer first (its failure is a 401 naming why, even on a public route), then the cookie. */
  private async authenticate(req: AuthenticatedRequest, isPublic: boolean): Promise<Caller | null> {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new UnauthorizedException('Authorization must be "Bearer <API token>"');
      try {
        return await this.tokens.authenticate(match[1]);
      } catch (error) {
        if (isPublic && error instanceof UnauthorizedException) return null;
        throw error;
      }
    }
    const secret = readSessionCookie(req.headers.cookie);
    return secret === null ? null : this.sessions.authenticate(secret);
  }
}
