import { type Kysely, sql } from 'kysely';

const REASONS = sql`('cancelled_by_user', 'service_stopped', 'storage_error', 'out_of_memory', 'invalid_input', 'internal_error', 'stopped_early')`;
const JOB_TABLES = ['models', 'evaluations', 'batches'] as const;

// One job protocol: every kind of job (training, evaluation, batch) keeps its replayable events in
// one table, and the epoch history of a training is its `epoch` rows, not a second table. `data`
// is the JobEventDto as the SSE streams send it. Job ids are UUIDs, unique across kinds; job_events
// has no foreign key (its owner is one of three tables), so triggers delete it with its job.
// Each job row gains `reason`, the ml-service's StatusReason of its terminal state.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_events')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('status', 'epoch', 'completed')`))
    .addColumn('data', 'text', (c) => c.notNull().check(sql`json_valid(data)`))
    .addPrimaryKeyConstraint('job_events_pk', ['job_id', 'sequence'])
    .execute();
  for (const table of JOB_TABLES) {
    await sql`create trigger ${sql.id(`${table}_job_events_delete`)} after delete on ${sql.table(table)}
      begin delete from job_events where job_id = old.id; end`.execute(db);
    await db.schema
      .alterTable(table)
      .addColumn('reason', 'text', (c) => c.check(sql`reason in ${REASONS}`))
      .execute();
  }

  // Old training events: {state, queuePosition, message} / EpochDto / {bestEpoch, bestValDice}
  // as `data`, now wrapped in the JobEventDto. model_events held every epoch model_epochs did
  // (both were written in one transaction), so the epochs need no copy of their own.
  await sql`
    insert into job_events (job_id, sequence, type, data)
    select e.model_id, e.sequence, e.type, json_object(
      'sequence', e.sequence,
      'time', coalesce(nullif(m.created_at, ''), m.trained_at, ''),
      'type', e.type,
      e.type, case e.type
        when 'status' then json_set(e.data, '$.reason', case when json_extract(e.data, '$.state') = 'cancelled' then 'cancelled_by_user' end)
        when 'completed' then json_set(e.data, '$.stoppedEarly', json('false'))
        else json(e.data) end)
    from model_events e join models m on m.id = e.model_id
    where e.type in ('status', 'epoch', 'completed')`.execute(db);
  for (const table of JOB_TABLES) {
    const state = table === 'models' ? sql.ref('job_state') : sql.ref('state');
    await sql`update ${sql.table(table)} set reason = 'cancelled_by_user' where ${state} = 'cancelled'`.execute(db);
  }
  // A job the stopping ml-service dropped was written as failed with this message.
  for (const table of ['evaluations', 'batches'] as const) {
    await sql`update ${sql.table(table)} set reason = 'service_stopped' where state = 'failed' and error like 'The ml-service stopped during%'`.execute(db);
  }
  await db.schema.dropTable('model_events').execute();
  await db.schema.dropTable('model_epochs').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
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
  await sql`
    insert into model_events (model_id, sequence, type, data)
    select job_id, sequence, type, json_extract(data, '$.' || type) from job_events where job_id in (select id from models)`.execute(db);
  await sql`
    insert into model_epochs (model_id, epoch, metrics)
    select job_id, json_extract(data, '$.epoch.epoch'), json_extract(data, '$.epoch')
    from job_events where type = 'epoch' and job_id in (select id from models)`.execute(db);
  for (const table of JOB_TABLES) {
    await sql`drop trigger ${sql.id(`${table}_job_events_delete`)}`.execute(db);
    await db.schema.alterTable(table).dropColumn('reason').execute();
  }
  await db.schema.dropTable('job_events').execute();
}
