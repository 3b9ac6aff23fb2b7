import type { Kysely } from 'kysely';

// Inference history rows show the uploaded file's name (or the dataset pair's); inference/<id>/result.json
// holds it too, so a resync refills it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inference_results').addColumn('file_name', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inference_results').dropColumn('file_name').execute();
}
