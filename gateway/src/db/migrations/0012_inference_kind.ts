import type { Kysely } from 'kysely';

// A whole segmented volume is an inference result too (NIfTI files instead of PNG masks); its
// inference/<id>/result.json says so, so a resync refills the column.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inference_results').addColumn('kind', 'text', (c) => c.notNull().defaultTo('image')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inference_results').dropColumn('kind').execute();
}
