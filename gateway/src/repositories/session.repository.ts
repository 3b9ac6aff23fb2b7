import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { Database, SessionRow, UserRow } from '../db/schema';
import { DATABASE } from '../tokens';

/** What a cookie request needs in one lookup: the session and its user. */
export type SessionAuth = SessionRow & Pick<UserRow, 'username' | 'display_name' | 'role' | 'disabled'>;

@Injectable()
export class SessionRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** One lookup by primary key (the cookie's sha256), joined with its user. */
  findForAuth(tokenHash: string): Promise<SessionAuth | undefined> {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('sessions')
      .select(['users.username', 'users.display_name', 'users.role', 'users.disabled'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touch(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  async clearMustSetPassword(tokenHash: string): Promise<void> {
    await this.db.updateTable('sessions').set({ must_set_password: 0 }).where('token_hash', '=', tokenHash).execute();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Every session of the user but `keep` (null: all of them). */
  async deleteByUser(userId: string, keep: string | null = null): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keep !== null) query = query.where('token_hash', '!=', keep);
    await query.execute();
  }
}
