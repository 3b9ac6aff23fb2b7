import type { Kysely } from 'kysely';

// Whether an evaluation or batch predicted with test-time mirroring (1) or not (0): what its start
// request asked, and what its report records for a resync.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['evaluations', 'batches']) {
    await db.schema
      .alterTable(table)
      .addColumn('test_time_mirroring', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['evaluations', 'batches']) {
    await db.schema.alterTable(table).dropColumn('test_time_mirroring').execute();
  }
}
