import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../src/db/database';

describe('SQLite metadata cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-db-'));
  const path = join(dir, 'medseg.db');
  let opened: OpenedDatabase;

  beforeAll(async () => {
    opened = openDatabase(path);
    await migrateToLatest(opened.db);
  });
  afterAll(async () => {
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a new file was created, and an existing one was not', async () => {
    expect(opened.created).toBe(true);
    const again = openDatabase(path);
    expect(again.created).toBe(false);
    await again.db.destroy();
  });

  it('creates the three tables with WAL and foreign keys on', async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(opened.db);
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['datasets', 'inference_results', 'models']));
    const wal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(opened.db);
    expect(wal.rows[0].journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(opened.db);
    expect(fk.rows[0].foreign_keys).toBe(1);
  });

  it('is idempotent: migrating again applies nothing', async () => {
    const result = await migrateToLatest(opened.db);
    expect(result.results).toEqual([]);
  });

  const dataset = {
    id: 'd1', name: 'brain', s3_bucket: 'medseg', s3_key: 'datasets/d1/', uploaded_at: new Date().toISOString(),
    file_count: 2, total_size_mb: 1.5, status: 'ready' as const,
  };

  it('rejects a dataset status outside uploaded/ready/error', async () => {
    await expect(
      opened.db.insertInto('datasets').values({ ...dataset, id: 'bad', status: 'done' as 'ready' }).execute(),
    ).rejects.toThrow(/CHECK constraint/);
  });

  it('enforces model statuses, JSON columns and the dataset foreign key', async () => {
    await opened.db.insertInto('datasets').values(dataset).execute();
    const model = {
      id: 'm1', name: 'unet', dataset_id: 'd1', s3_bucket: 'medseg', s3_key: 'models/m1/',
      hyperparameters: '{"epochs":2}', metrics: '{}', trained_at: null, status: 'training' as const,
    };
    await opened.db.insertInto('models').values(model).execute();
    await expect(opened.db.insertInto('models').values({ ...model, id: 'm2', status: 'done' as 'training' }).execute()).rejects.toThrow(
      /CHECK constraint/,
    );
    await expect(opened.db.insertInto('models').values({ ...model, id: 'm3', metrics: 'not json' }).execute()).rejects.toThrow(
      /CHECK constraint/,
    );
    await expect(opened.db.insertInto('models').values({ ...model, id: 'm4', dataset_id: 'missing' }).execute()).rejects.toThrow(
      /FOREIGN KEY/,
    );
    await expect(opened.db.deleteFrom('datasets').where('id', '=', 'd1').execute()).rejects.toThrow(/FOREIGN KEY/);
  });

  it('stamps inference results and removes them with their model', async () => {
    await opened.db
      .insertInto('inference_results')
      .values({ id: 'r1', model_id: 'm1', input_image_s3_key: 'in.png', output_image_s3_key: 'out.png' })
      .execute();
    const row = await opened.db.selectFrom('inference_results').selectAll().where('id', '=', 'r1').executeTakeFirstOrThrow();
    expect(new Date(row.created_at).getTime()).toBeGreaterThan(0);
    await opened.db.deleteFrom('models').where('id', '=', 'm1').execute();
    expect(await opened.db.selectFrom('inference_results').selectAll().execute()).toEqual([]);
  });
});
