import type { Kysely } from 'kysely';

// Seed columns that were written and never read: a dataset's archive lives at the key the storage
// layout gives its id (its size is archive_bytes), and a model's card likewise; the bucket is the
// gateway's one configured bucket. SQLite has had DROP COLUMN since 3.35 (better-sqlite3 ships 3.5x).
const DROPPED: Record<string, { name: string; type: 'text' | 'real' }[]> = {
  datasets: [
    { name: 's3_bucket', type: 'text' },
    { name: 's3_key', type: 'text' },
    { name: 'total_size_mb', type: 'real' },
  ],
  models: [
    { name: 's3_bucket', type: 'text' },
    { name: 's3_key', type: 'text' },
  ],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(DROPPED)) {
    for (const { name } of columns) await db.schema.alterTable(table).dropColumn(name).execute();
  }
}

// The columns come back empty (SQLite cannot add a NOT NULL column without a default): nothing
// read them, and a gateway from before 0007 writes them again for every row it inserts.
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(DROPPED)) {
    for (const { name, type } of columns) {
      await db.schema
        .alterTable(table)
        .addColumn(name, type, (c) => c.notNull().defaultTo(type === 'real' ? 0 : ''))
        .execute();
    }
  }
}
