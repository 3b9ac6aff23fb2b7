import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../dtos/auth.dto';
import type { Caller } from './caller';

export const PUBLIC_KEY = 'medseg:public';
export const MIN_ROLE_KEY = 'medseg:min-role';
export const BEFORE_PASSWORD_KEY = 'medseg:before-password';

/** Needs no sign-in (a caller who is signed in is still recognised). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The least role that may call the route (on a method or a controller); without it: any signed-in user. */
export const MinRole = (role: Exclude<Role, 'viewer'>) => SetMetadata(MIN_ROLE_KEY, role);

/** Open to a session that must set its password first (me, logout, password). */
export const BeforePassword = () => SetMetadata(BEFORE_PASSWORD_KEY, true);

export type AuthenticatedRequest = Request & { caller?: Caller };

/** The signed-in caller (the guard put it there); undefined only on a @Public() route with nobody signed in. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Caller | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
});
