import { type Kysely, sql } from 'kysely';

// Ownership and sharing (issue 11). owner_id caches the owner recorded in each resource's commit
// marker in S3; visibility caches datasets/<id>/sharing.json and models/<id>/sharing.json. Rows
// stored before accounts existed keep owner_id null and count as shared (only admins change them).
// No foreign key to users: a resync may bring a resource back before (or without) its owner.
const OWNED = ['datasets', 'models', 'evaluations', 'batches', 'inference_results'] as const;
const SHARED = ['datasets', 'models'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of OWNED) {
    await db.schema.alterTable(table).addColumn('owner_id', 'text').execute();
    await db.schema.createIndex(`${table}_owner_id`).on(table).column('owner_id').execute();
  }
  for (const table of SHARED) {
    await db.schema.alterTable(table).addColumn('visibility', 'text', (c) => c.notNull().defaultTo('private')).execute();
    await sql`update ${sql.table(table)} set visibility = 'shared' where owner_id is null`.execute(db);
    await db.schema.createIndex(`${table}_visibility`).on(table).column('visibility').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of SHARED) {
    await db.schema.dropIndex(`${table}_visibility`).execute();
    await db.schema.alterTable(table).dropColumn('visibility').execute();
  }
  for (const table of OWNED) {
    await db.schema.dropIndex(`${table}_owner_id`).execute();
    await db.schema.alterTable(table).dropColumn('owner_id').execute();
  }
}
