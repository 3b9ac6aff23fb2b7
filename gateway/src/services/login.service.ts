import { BadRequestException, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import type { ChangePasswordDto, LoginDto, MeDto } from '../dtos/auth.dto';
import type { UserRow } from '../db/schema';
import { UserRepository } from '../repositories/user.repository';
import { CONFIG } from '../tokens';
import { AuditService } from './audit.service';
import { LoginLinkService } from './login-link.service';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';
import { SessionService } from './session.service';
import { UserService } from './user.service';

export const WRONG_LOGIN = 'Wrong user name or password';
export const BAD_LINK = 'This login link is invalid, used or expired; ask an admin for a new one';

export interface SignedIn {
  me: MeDto;
  /** The session cookie's value. */
  sessionSecret: string;
}

/** Signing in (password, login link) and changing one's password. */
@Injectable()
export class LoginService {
  private readonly logger = new Logger(LoginService.name);
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly sessions: SessionService,
    private readonly links: LoginLinkService,
    private readonly audit: AuditService,
  ) {
    this.throttle = new LoginThrottle(config.auth);
  }

  /** Unknown user, wrong password and disabled user get the same 401 after the same work. */
  async withPassword({ username, password }: LoginDto, address: string): Promise<SignedIn> {
    const account = username.trim().toLowerCase();
    await this.throttle.check(account, address);
    const user = await this.users.getByUsername(account);
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok || user.disabled) {
      if (await this.throttle.failed(account, address)) {
        await this.audit.record(null, 'signed_in_failed_locked', 'user', user?.id ?? null, account, `user name "${account}" from address ${address}`);
      }
      throw new UnauthorizedException(WRONG_LOGIN);
    }
    await this.throttle.succeeded(account);
    return this.signIn(user, false);
  }

  async withLink(link: string): Promise<SignedIn> {
    const userId = await this.links.redeem(link);
    const user = userId === null ? undefined : await this.users.getById(userId);
    if (!user || user.disabled) throw new UnauthorizedException(BAD_LINK);
    return this.signIn(user, true);
  }

  /** Sets a new password; other sessions of the user end, this one stays (and may do everything again). */
  async changePassword(caller: Caller, { currentPassword, newPassword }: ChangePasswordDto): Promise<void> {
    const user = await this.userService.require(caller.id);
    if (!caller.mustSetPassword) {
      if (currentPassword === undefined) throw new BadRequestException('currentPassword is required to change your password');
      if (!(await verifyPassword(user.password_hash, currentPassword))) throw new BadRequestException('currentPassword is wrong');
    }
    await this.userService.setPasswordHash(user, await hashPassword(newPassword));
    await this.sessions.endAll(user.id, caller.sessionId);
    if (caller.sessionId !== null) await this.sessions.passwordSet(caller.sessionId);
  }

  private async signIn(user: UserRow, mustSetPassword: boolean): Promise<SignedIn> {
    const sessionSecret = await this.sessions.start(user.id, mustSetPassword);
    await this.users.setLastLogin(user.id, new Date().toISOString());
    this.logger.log(`User ${user.id} (${user.username}) signed in${mustSetPassword ? ' with a login link' : ''}`);
    return { me: meOf({ id: user.id, username: user.username, displayName: user.display_name, role: user.role, authMethod: 'session', mustSetPassword }), sessionSecret };
  }
}

export function meOf(caller: Pick<Caller, 'id' | 'username' | 'displayName' | 'role' | 'authMethod' | 'mustSetPassword'>): MeDto {
  return { id: caller.id, username: caller.username, displayName: caller.displayName, role: caller.role, mustSetPassword: caller.mustSetPassword, authMethod: caller.authMethod };
}
