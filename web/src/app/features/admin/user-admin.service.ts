import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, firstValueFrom } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { ItemList } from '../../shared/item-list';
import {
  type CreateUserBody,
  type CreatedUserDto,
  type LoginLinkCreatedDto,
  type TokenDto,
  type UpdateUserBody,
  type UserDto,
} from '../../core/auth/auth.model';

export const ADMIN_USERS_URL = '/api/admin/users';
export const ADMIN_TOKENS_URL = '/api/admin/tokens';

function userUrl(id: string, action = ''): string {
  return `${ADMIN_USERS_URL}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

/** The admin's calls: every user and every API token. Each call rejects with an ApiError. */
@Injectable({ providedIn: 'root' })
export class UserAdminService {
  private readonly http = inject(HttpClient);
  readonly users = new ItemList<UserDto>(ADMIN_USERS_URL);
  readonly tokens = new ItemList<TokenDto>(ADMIN_TOKENS_URL);

  async createUser(body: CreateUserBody): Promise<CreatedUserDto> {
    const created = await this.call(this.http.post<CreatedUserDto>(ADMIN_USERS_URL, body));
    this.users.add(created.user);
    return created;
  }

  /** A 409 says the change would leave no enabled admin. */
  async updateUser(id: string, patch: UpdateUserBody): Promise<UserDto> {
    const user = await this.call(this.http.patch<UserDto>(userUrl(id), patch));
    this.users.replace(user);
    return user;
  }

  /** A fresh one-time login link, at which the user sets a new password. */
  newLoginLink(id: string): Promise<LoginLinkCreatedDto> {
    return this.call(this.http.post<LoginLinkCreatedDto>(userUrl(id, 'login-link'), {}));
  }

  async signOutEverywhere(id: string): Promise<void> {
    await this.call(this.http.post<void>(userUrl(id, 'logout-all'), {}));
  }

  async revokeToken(id: string): Promise<void> {
    await this.call(this.http.delete<void>(`${ADMIN_TOKENS_URL}/${encodeURIComponent(id)}`));
    this.tokens.remove(id);
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request, { defaultValue: undefined as T });
    } catch (error) {
      throw toApiError(error);
    }
  }
}
