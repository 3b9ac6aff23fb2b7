import { type Kysely, sql } from 'kysely';

// The seed's three tables. Status columns are CHECK-constrained so a bug can never write a status
// the state machines in docs/architecture.md do not know.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('s3_bucket', 'text', (c) => c.notNull())
    .addColumn('s3_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_size_mb', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('uploaded', 'ready', 'error')`))
    .execute();

  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('restrict'))
    .addColumn('s3_bucket', 'text', (c) => c.notNull())
    .addColumn('s3_key', 'text', (c) => c.notNull())
    .addColumn('hyperparameters', 'text', (c) => c.notNull().defaultTo('{}').check(sql`json_valid(hyperparameters)`))
    .addColumn('metrics', 'text', (c) => c.notNull().defaultTo('{}').check(sql`json_valid(metrics)`))
    .addColumn('trained_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('training', 'completed', 'failed')`))
    .execute();
  await db.schema.createIndex('models_dataset_id').on('models').column('dataset_id').execute();

  await db.schema
    .createTable('inference_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('input_image_s3_key', 'text', (c) => c.notNull())
    .addColumn('output_image_s3_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`))
    .execute();
  await db.schema
    .createIndex('inference_results_model_id_created_at')
    .on('inference_results')
    .columns(['model_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inference_results').execute();
  await db.schema.dropTable('models').execute();
  await db.schema.dropTable('datasets').execute();
}
