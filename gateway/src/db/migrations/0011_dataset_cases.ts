import { type Kysely, sql } from 'kysely';

// Volumes as first-class data (issue 12): the cases of a dataset (one row per volume, its geometry
// and statistics), the dataset's label names, fingerprint and layout, and which case (and whether
// labelled) each pair is. Everything here is also in datasets/<id>/manifest.json, so a resync can
// refill it; rows of datasets stored before are 2D-like until then (no cases, every pair labelled).
export async function up(db: Kysely<unknown>): Promise<void> {
  const json = (table: string, column: string, fallback: string) =>
    db.schema
      .alterTable(table)
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(fallback).check(sql`json_valid(${sql.ref(column)})`))
      .execute();
  await json('datasets', 'labels', '[]');
  await json('datasets', 'fingerprint', 'null');
  await db.schema.alterTable('datasets').addColumn('layout', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('datasets').addColumn('case_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('datasets').addColumn('unlabeled_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('dataset_pairs').addColumn('case_index', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('dataset_pairs').addColumn('unlabeled', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('dataset_cases')
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('image_paths', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(image_paths)`))
    .addColumn('mask_path', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('spacing', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(spacing)`))
    .addColumn('geometry', 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(geometry)`))
    .addColumn('modality', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('image_format', 'text', (c) => c.notNull())
    .addColumn('mask_format', 'text', (c) => c.notNull())
    .addColumn('first_pair', 'integer', (c) => c.notNull())
    .addColumn('label_voxels', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(label_voxels)`))
    .addColumn('intensities', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(intensities)`))
    .addColumn('series_uid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('window_center', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('window_width', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('unlabeled', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('dataset_cases_pk', ['dataset_id', 'idx'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dataset_cases').execute();
  for (const column of ['unlabeled', 'case_index']) await db.schema.alterTable('dataset_pairs').dropColumn(column).execute();
  for (const column of ['unlabeled_count', 'case_count', 'layout', 'fingerprint', 'labels']) {
    await db.schema.alterTable('datasets').dropColumn(column).execute();
  }
}
