import { type Kysely, sql } from 'kysely';

// The post-processing a model's card records, cached as JSON beside split, classes and weights. Rows
// written before read null until a resync rereads their cards.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('models')
    .addColumn('post_processing', 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(post_processing)`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('models').dropColumn('post_processing').execute();
}
