import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema';
import { DATABASE } from '../tokens';

export type UserValues = Omit<UserRow, 'last_login_at'>;

@Injectable()
export class UserRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  /** Inserts or overwrites a user (creation, change, resync), keeping SQLite's own last_login_at. */
  async upsert(row: UserValues): Promise<void> {
    await this.db
      .insertInto('users')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  getById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  getByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** The user single sign-on links to this provider identity. */
  getByOidc(issuer: string, subject: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
  }

  list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  /** The owners a page of resources names (empty ids: no query). */
  async listByIds(ids: readonly string[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  }

  listIds(): Promise<{ id: string }[]> {
    return this.db.selectFrom('users').select('id').execute();
  }

  /** Enabled admins: the last one may not be demoted or disabled. */
  listEnabledAdmins(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().where('role', '=', 'admin').where('disabled', '=', 0).orderBy('created_at').execute();
  }

  async setLastLogin(id: string, at: string): Promise<void> {
    await this.db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }
}
