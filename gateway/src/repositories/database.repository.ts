import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { DATABASE } from '../tokens';

@Injectable()
export class DatabaseRepository implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
