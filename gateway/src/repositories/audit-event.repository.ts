import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { AuditEventRow, Database } from '../db/schema';
import { DATABASE } from '../tokens';

export interface AuditFilter {
  before?: string;
  actor?: string;
  action?: string;
  kind?: string;
}

@Injectable()
export class AuditEventRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async insert(row: AuditEventRow): Promise<void> {
    await this.db.insertInto('audit_events').values(row).execute();
  }

  /** A resync: the S3 record wins (and is stored, so not pending). */
  async upsert(row: AuditEventRow): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  async markStored(id: string): Promise<void> {
    await this.db.updateTable('audit_events').set({ pending: 0 }).where('id', '=', id).execute();
  }

  /** Events whose object is not in S3 yet, oldest first. */
  listPending(limit: number): Promise<AuditEventRow[]> {
    return this.db.selectFrom('audit_events').selectAll().where('pending', '=', 1).orderBy('sort_key').limit(limit).execute();
  }

  /** Newest first, after `before` (a sort key) when given. */
  list(filter: AuditFilter, limit: number): Promise<AuditEventRow[]> {
    let query = this.db.selectFrom('audit_events').selectAll();
    if (filter.before !== undefined) query = query.where('sort_key', '<', filter.before);
    if (filter.actor !== undefined) query = query.where('actor_id', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    return query.orderBy('sort_key', 'desc').limit(limit).execute();
  }

  /** Stored (not pending) events older than `sortKey`: what a resync may remove when S3 lacks them. */
  listStoredIdsBefore(sortKey: string): Promise<{ id: string }[]> {
    return this.db.selectFrom('audit_events').select('id').where('pending', '=', 0).where('sort_key', '<', sortKey).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('audit_events').where('id', '=', id).execute();
  }
}
