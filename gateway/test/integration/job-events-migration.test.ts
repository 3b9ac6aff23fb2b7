import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, migrateToLatest, openDatabase } from '../../src/db/database';
import { migrations } from '../../src/db/migrations';

/** 0005_job_events: the training events of 0003 become job_events rows in the JobEventDto shape. */
describe('migration 0005_job_events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-db-'));
  let opened: OpenedDatabase;
  let db: Kysely<unknown>;

  beforeAll(async () => {
    opened = openDatabase(join(dir, 'medseg.db'));
    db = opened.db as unknown as Kysely<unknown>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const to0004 = await migrator.migrateTo('0004_evaluation');
    expect(to0004.error).toBeUndefined();
    await sql`insert into datasets (id, name, s3_bucket, s3_key, uploaded_at, file_count, total_size_mb, status)
      values ('d1', 'brain', 'medseg', 'datasets/d1/', '2026-01-01T00:00:00Z', 2, 1, 'ready')`.execute(db);
    for (const [id, state, status] of [['m1', 'completed', 'completed'], ['m2', 'cancelled', 'failed']]) {
      await sql`insert into models (id, name, dataset_id, s3_bucket, s3_key, hyperparameters, metrics, status, job_state, created_at, error)
        values (${id}, 'unet', 'd1', 'medseg', ${`models/${id}/model.json`}, '{}', '{}', ${status}, ${state}, '2026-01-02T00:00:00Z',
        ${state === 'cancelled' ? 'cancelled' : null})`.execute(db);
    }
    const epoch = { epoch: 1, epochs: 1, trainLoss: 0.5, valLoss: 0.4, valDice: 0.8, valIou: 0.7, isBest: true };
    const events: [string, number, string, unknown][] = [
      ['m1', 1, 'status', { state: 'running', queuePosition: 0, message: '' }],
      ['m1', 2, 'epoch', epoch],
      ['m1', 3, 'completed', { bestEpoch: 1, bestValDice: 0.8 }],
      ['m1', 4, 'status', { state: 'completed', queuePosition: 0, message: '' }],
      ['m2', 1, 'status', { state: 'cancelled', queuePosition: 0, message: 'cancelled' }],
    ];
    for (const [id, sequence, type, data] of events) {
      await sql`insert into model_events (model_id, sequence, type, data) values (${id}, ${sequence}, ${type}, ${JSON.stringify(data)})`.execute(db);
    }
    await sql`insert into model_epochs (model_id, epoch, metrics) values ('m1', 1, ${JSON.stringify(epoch)})`.execute(db);
    await migrateToLatest(opened.db);
  });

  afterAll(async () => {
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves every training event into job_events, wrapped as the SSE streams send it', async () => {
    const rows = await opened.db.selectFrom('job_events').selectAll().orderBy('job_id').orderBy('sequence').execute();
    expect(rows.map((r) => [r.job_id, r.sequence, r.type])).toEqual([
      ['m1', 1, 'status'],
      ['m1', 2, 'epoch'],
      ['m1', 3, 'completed'],
      ['m1', 4, 'status'],
      ['m2', 1, 'status'],
    ]);
    const data = rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
    expect(data[1]).toMatchObject({ sequence: 2, type: 'epoch', time: '2026-01-02T00:00:00Z', epoch: { epoch: 1, valDice: 0.8 } });
    expect(data[2]).toMatchObject({ type: 'completed', completed: { bestEpoch: 1, bestValDice: 0.8, stoppedEarly: false } });
    expect(data[3]).toMatchObject({ type: 'status', status: { state: 'completed', reason: null } });
    expect(data[4]).toMatchObject({ type: 'status', status: { state: 'cancelled', reason: 'cancelled_by_user' } });
  });

  it('drops the two old tables and gives cancelled jobs their reason', async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(opened.db);
    expect(tables.rows.map((r) => r.name)).not.toContain('model_events');
    expect(tables.rows.map((r) => r.name)).not.toContain('model_epochs');
    const models = await opened.db.selectFrom('models').select(['id', 'reason']).orderBy('id').execute();
    expect(models).toEqual([{ id: 'm1', reason: null }, { id: 'm2', reason: 'cancelled_by_user' }]);
  });

  it('deletes the events of a job with its row', async () => {
    await opened.db.deleteFrom('models').where('id', '=', 'm2').execute();
    const left = await opened.db.selectFrom('job_events').select('job_id').distinct().execute();
    expect(left).toEqual([{ job_id: 'm1' }]);
  });

  it('refuses a reason outside StatusReason', async () => {
    await expect(opened.db.updateTable('models').set({ reason: 'tired' as 'stopped_early' }).execute()).rejects.toThrow(/CHECK constraint/);
  });
});
