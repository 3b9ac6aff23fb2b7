import { type Kysely, sql } from 'kysely';

// Human-in-the-loop annotation (issue 13): corrected masks become immutable dataset versions.
// Version 1 is the dataset as uploaded (manifest.json) and has no row; each row here caches
// datasets/<id>/versions/<n>.json (n >= 2), each annotation row its annotation.json, so a resync
// refills both. Models and evaluations record the version they were made from (1 for older rows).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dataset_versions')
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('parent', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('masks', 'text', (c) => c.notNull().defaultTo('{}').check(sql`json_valid(masks)`))
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(changes)`))
    .addPrimaryKeyConstraint('dataset_versions_pk', ['dataset_id', 'version'])
    .execute();

  await db.schema
    .createTable('annotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('case_index', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('proposal_source', 'text', (c) => c.notNull())
    .addColumn('proposal_model_id', 'text')
    .addColumn('seconds_spent', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_voxels', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_voxels', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proposal_dice', 'real')
    .addColumn('label_voxels', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(label_voxels)`))
    .addColumn('mask_key', 'text', (c) => c.notNull())
    .addColumn('mask_png_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mask_shard_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('annotations_case').on('annotations').columns(['dataset_id', 'case_index', 'version']).execute();

  await db.schema.alterTable('models').addColumn('dataset_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('models').addColumn('parent_model_id', 'text').execute();
  await db.schema.alterTable('evaluations').addColumn('dataset_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').dropColumn('dataset_version').execute();
  for (const column of ['parent_model_id', 'dataset_version']) await db.schema.alterTable('models').dropColumn(column).execute();
  await db.schema.dropTable('annotations').execute();
  await db.schema.dropTable('dataset_versions').execute();
}
