import { type Kysely, sql } from 'kysely';

// Training state the pages show. `status` keeps the seed's three values (training, completed,
// failed; a cancelled job is failed with error "cancelled"); `job_state` is the ml-service's finer
// state, and the epoch history and relayed events let the SSE stream replay a job at any time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('models').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('models').addColumn('architecture', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema
    .alterTable('models')
    .addColumn('job_state', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`job_state in ('queued', 'running', 'completed', 'failed', 'cancelled')`),
    )
    .execute();
  await db.schema.alterTable('models').addColumn('queue_position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('models').addColumn('error', 'text').execute();
  await db.schema.alterTable('models').addColumn('created_at', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('models').addColumn('epochs', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('models').addColumn('epochs_done', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('models').addColumn('best_dice', 'real').execute();
  for (const column of ['progress', 'split', 'classes', 'weights']) {
    await db.schema
      .alterTable('models')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo('null').check(sql`json_valid(${sql.ref(column)})`))
      .execute();
  }
  await db.schema.alterTable('models').addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('models_created_at').on('models').column('created_at').execute();
  await db.schema.createIndex('models_status').on('models').column('status').execute();

  await db.schema
    .createTable('model_epochs')
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull().check(sql`json_valid(metrics)`))
    .addPrimaryKeyConstraint('model_epochs_pk', ['model_id', 'epoch'])
    .execute();

  await db.schema
    .createTable('model_events')
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull().check(sql`json_valid(data)`))
    .addPrimaryKeyConstraint('model_events_pk', ['model_id', 'sequence'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('model_events').execute();
  await db.schema.dropTable('model_epochs').execute();
  await db.schema.dropIndex('models_status').execute();
  await db.schema.dropIndex('models_created_at').execute();
  for (const column of [
    'last_sequence', 'weights', 'classes', 'split', 'progress', 'best_dice', 'epochs_done', 'epochs',
    'created_at', 'error', 'queue_position', 'job_state', 'architecture', 'version',
  ]) {
    await db.schema.alterTable('models').dropColumn(column).execute();
  }
}
