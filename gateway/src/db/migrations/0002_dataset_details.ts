import { type Kysely, sql } from 'kysely';

// What the datasets pages show beyond the seed columns, and the pairs table they browse. Every
// column here is also in datasets/<id>/manifest.json, so a resync can refill it.
export async function up(db: Kysely<unknown>): Promise<void> {
  const json = (column: string, fallback: string) =>
    db.schema
      .alterTable('datasets')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(fallback).check(sql`json_valid(${sql.ref(column)})`))
      .execute();
  await db.schema.alterTable('datasets').addColumn('archive_bytes', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('datasets').addColumn('pair_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await json('stats', 'null');
  await json('errors', '[]');
  await json('warnings', '[]');
  // Inspection progress while status is 'uploaded'; null otherwise.
  await json('progress', 'null');
  await db.schema.createIndex('datasets_uploaded_at').on('datasets').column('uploaded_at').execute();

  await db.schema
    .createTable('dataset_pairs')
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('image_path', 'text', (c) => c.notNull())
    .addColumn('mask_path', 'text', (c) => c.notNull())
    .addColumn('image_format', 'text', (c) => c.notNull())
    .addColumn('mask_format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('volume', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('slice_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('slice_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(labels)`))
    .addColumn('modality', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('shard_key', 'text', (c) => c.notNull())
    .addColumn('thumbnail_key', 'text', (c) => c.notNull())
    .addColumn('preview_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_pairs_pk', ['dataset_id', 'idx'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dataset_pairs').execute();
  await db.schema.dropIndex('datasets_uploaded_at').execute();
  for (const column of ['progress', 'warnings', 'errors', 'stats', 'pair_count', 'archive_bytes']) {
    await db.schema.alterTable('datasets').dropColumn(column).execute();
  }
}
