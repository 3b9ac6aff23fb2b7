import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, LoginLinkTable } from '../db/schema';
import { DATABASE } from '../tokens';

@Injectable()
export class LoginLinkRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<LoginLinkTable>): Promise<void> {
    await this.db.insertInto('login_links').values(row).execute();
  }

  /** Deletes the link and answers what it was: a link is used up by the first attempt. */
  take(tokenHash: string): Promise<Selectable<LoginLinkTable> | undefined> {
    return this.db.deleteFrom('login_links').where('token_hash', '=', tokenHash).returningAll().executeTakeFirst();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('login_links').where('expires_at', '<=', now).execute();
  }
}
