import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { ApiTokenRow, Database, UserRow } from '../db/schema';
import { DATABASE } from '../tokens';

export type ApiTokenValues = Omit<ApiTokenRow, 'last_used_at'>;
export type ApiTokenWithUser = ApiTokenRow & { username: string };
/** What a bearer request needs in one lookup: the token and its user. */
export type ApiTokenAuth = Pick<ApiTokenRow, 'id' | 'expires_at' | 'last_used_at'> & Pick<UserRow, 'username' | 'display_name' | 'role' | 'disabled'> & { user_id: string };

@Injectable()
export class ApiTokenRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async upsert(row: ApiTokenValues): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  /** One indexed lookup by the secret's sha256 (unique index), joined with its user. */
  findForAuth(sha256: string): Promise<ApiTokenAuth | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.expires_at', 'api_tokens.last_used_at', 'users.username', 'users.display_name', 'users.role', 'users.disabled'])
      .where('api_tokens.sha256', '=', sha256)
      .executeTakeFirst();
  }

  getById(id: string): Promise<ApiTokenWithUser | undefined> {
    return this.withUser().where('api_tokens.id', '=', id).executeTakeFirst();
  }

  /** One user's tokens, or everyone's when `userId` is null; newest first. */
  list(userId: string | null): Promise<ApiTokenWithUser[]> {
    let query = this.withUser();
    if (userId !== null) query = query.where('api_tokens.user_id', '=', userId);
    return query.orderBy('api_tokens.created_at', 'desc').execute();
  }

  listIds(): Promise<{ id: string }[]> {
    return this.db.selectFrom('api_tokens').select('id').execute();
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('api_tokens').where('id', '=', id).execute();
  }

  private withUser() {
    return this.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('api_tokens').select('users.username');
  }
}
