import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { CreatedUserDto, CreateUserDto, LoginLinkCreatedDto, UpdateUserDto, UserDto } from '../dtos/auth.dto';
import { UserRepository } from '../repositories/user.repository';
import { mapUser } from './account-records';
import { LoginLinkService } from './login-link.service';
import { hashPassword } from './password-hasher';
import { SessionService } from './session.service';
import { UserService } from './user.service';

/** What an admin does to users: list, create (with a login link when no password is given), change, reset, sign out. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly links: LoginLinkService,
    private readonly sessions: SessionService,
  ) {}

  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(mapUser);
  }

  async create({ username, displayName, role, password }: CreateUserDto, caller: Caller): Promise<CreatedUserDto> {
    const passwordHash = password === undefined ? null : await hashPassword(password);
    const user = await this.userService.create({ username, displayName, role, passwordHash }, caller);
    const loginLink = passwordHash === null ? (await this.links.issue(user, 'new user', caller)).loginLink : null;
    return { user: mapUser(user), loginLink };
  }

  /** A disabled user's sessions end at once (tokens stop working by the guard's check). */
  async update(id: string, changes: UpdateUserDto, caller: Caller): Promise<UserDto> {
    const user = await this.userService.update(id, changes, caller);
    if (user.disabled) await this.sessions.endAll(id);
    return mapUser(user);
  }

  async loginLink(id: string, caller: Caller): Promise<LoginLinkCreatedDto> {
    const user = await this.userService.require(id);
    return this.links.issue(user, 'password reset', caller);
  }

  async logoutAll(id: string): Promise<void> {
    await this.userService.require(id);
    await this.sessions.endAll(id);
  }
}
