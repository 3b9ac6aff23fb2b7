import { type Kysely, sql } from 'kysely';

// Issue 13, learning from corrections: the gain of a fine-tuned child over its parent, and the
// per-dataset rule that queues a fine-tune after N new masks. The rule's row caches
// datasets/<id>/auto-fine-tune.json; a model's trigger caches models/<id>/origin.json; an
// evaluation's split_model_id caches models/<id>/evaluation-scopes/<evaluation id>.json.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dataset_auto_fine_tunes')
    .addColumn('dataset_id', 'text', (c) => c.primaryKey().references('datasets.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('new_masks', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.alterTable('models').addColumn('trigger', 'text', (c) => c.notNull().defaultTo(sql`'manual'`)).execute();
  // The model whose validation split (at its dataset version) was scored; null: the evaluated model's own.
  await db.schema.alterTable('evaluations').addColumn('split_model_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').dropColumn('split_model_id').execute();
  await db.schema.alterTable('models').dropColumn('trigger').execute();
  await db.schema.dropTable('dataset_auto_fine_tunes').execute();
}
