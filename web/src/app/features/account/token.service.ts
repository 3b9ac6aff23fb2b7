import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { ItemList } from '../../shared/item-list';
import { AUTH_URL } from '../../core/auth/auth.service';
import {
  type CreateTokenBody,
  type CreatedTokenDto,
  type TokenDto,
} from '../../core/auth/auth.model';

export const TOKENS_URL = `${AUTH_URL}/tokens`;

/** The signed-in user's own API tokens: list, create (the secret comes this once) and revoke. */
@Injectable({ providedIn: 'root' })
export class TokenService {
  private readonly http = inject(HttpClient);
  private readonly list = new ItemList<TokenDto>(TOKENS_URL);

  readonly tokens = this.list.items;
  readonly loading = this.list.loading;
  readonly error = this.list.error;

  load(): void {
    this.list.load();
  }

  /** Resolves with the new token and its secret; rejects with an ApiError. */
  async create(body: CreateTokenBody): Promise<CreatedTokenDto> {
    try {
      const created = await firstValueFrom(this.http.post<CreatedTokenDto>(TOKENS_URL, body));
      this.list.add(created.token);
      return created;
    } catch (error) {
      throw toApiError(error);
    }
  }

  async revoke(id: string): Promise<void> {
    try {
      await firstValueFrom(this.http.delete(`${TOKENS_URL}/${encodeURIComponent(id)}`), {
        defaultValue: null,
      });
    } catch (error) {
      throw toApiError(error);
    }
    this.list.remove(id);
  }
}
