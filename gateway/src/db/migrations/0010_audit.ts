import type { Kysely } from 'kysely';

// The audit log (issue 11). audit_events caches audit/<yyyy-mm-dd>/<time ms>-<id>.json in S3 (a
// resync rebuilds it); `pending` marks an event whose object is not in S3 yet (storage was down),
// which the gateway uploads once S3 answers again. The actor's user name is copied in, so an event
// still reads right after its user is renamed or gone, and there is no foreign key to users.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // `<time ms, 13 digits>-<id>`: the S3 object's stem, the order of the log and its paging cursor.
    .addColumn('sort_key', 'text', (c) => c.notNull().unique())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text')
    .addColumn('resource_name', 'text')
    .addColumn('detail', 'text')
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Filters combine with the time order: each index ends with sort_key so a filtered page is one range scan.
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_id', 'sort_key']).execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').columns(['action', 'sort_key']).execute();
  await db.schema.createIndex('audit_events_kind').on('audit_events').columns(['kind', 'sort_key']).execute();
  await db.schema.createIndex('audit_events_pending').on('audit_events').column('pending').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
