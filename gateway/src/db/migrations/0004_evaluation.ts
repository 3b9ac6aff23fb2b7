import { type Kysely, sql } from 'kysely';

const JOB_STATES = sql`('queued', 'running', 'completed', 'failed', 'cancelled')`;

// Evaluation and batch-inference jobs. S3 holds their reports (the commit markers a resync trusts);
// these rows follow the jobs while they run and cache what the reports say once they are done.
// dataset_id has no foreign key: a dataset may go while the results computed on it stay readable.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('subset', 'text', (c) => c.notNull().check(sql`subset in ('validation', 'all')`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued').check(sql`state in ${JOB_STATES}`))
    .addColumn('queue_position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(progress)`))
    .addColumn('image_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('aggregate', 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(aggregate)`))
    .addColumn('report_key', 'text', (c) => c.notNull())
    .addColumn('report_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('evaluations_model').on('evaluations').columns(['model_id', 'created_at']).execute();
  await db.schema.createIndex('evaluations_state').on('evaluations').column('state').execute();

  await db.schema
    .createTable('evaluation_images')
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pair_index', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('dice', 'real')
    .addColumn('iou', 'real')
    .addColumn('hausdorff95', 'real')
    .addColumn('surface_distance', 'real')
    .addColumn('per_class', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(per_class)`))
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('evaluation_images_pk', ['evaluation_id', 'position'])
    .execute();

  await db.schema
    .createTable('batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('archive', 'dataset')`))
    .addColumn('input_name', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text')
    .addColumn('input_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued').check(sql`state in ${JOB_STATES}`))
    .addColumn('queue_position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(progress)`))
    .addColumn('image_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('aggregate', 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(aggregate)`))
    .addColumn('failures', 'text', (c) => c.notNull().defaultTo('[]').check(sql`json_valid(failures)`))
    .addColumn('masks_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('csv_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report_bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('batches_model').on('batches').columns(['model_id', 'created_at']).execute();
  await db.schema.createIndex('batches_state').on('batches').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('batches').execute();
  await db.schema.dropTable('evaluation_images').execute();
  await db.schema.dropTable('evaluations').execute();
}
