import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../src/db/database';
import { migrations } from '../../src/db/migrations';
import { DatasetVersionRepository } from '../../src/repositories/dataset-version.repository';

/** Seed columns that were written and never read; 0007_drop_unread_columns removes them. */
const DROPPED = { datasets: ['s3_bucket', 's3_key', 'total_size_mb'], models: ['s3_bucket', 's3_key'] };

async function columnsOf(db: Kysely<unknown>, table: string): Promise<string[]> {
  const info = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return info.rows.map((r) => r.name);
}

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

  it('has no column that nothing reads', async () => {
    const db = opened.db as unknown as Kysely<unknown>;
    for (const [table, dropped] of Object.entries(DROPPED)) {
      const columns = await columnsOf(db, table);
      expect(columns).toEqual(expect.arrayContaining(['id', 'name']));
      for (const column of dropped) expect(columns).not.toContain(column);
    }
  });

  const dataset = {
    id: 'd1', name: 'brain', uploaded_at: new Date().toISOString(), file_count: 2, status: 'ready' as const,
  };

  it('rejects a dataset status outside uploaded/ready/error', async () => {
    await expect(
      opened.db.insertInto('datasets').values({ ...dataset, id: 'bad', status: 'done' as 'ready' }).execute(),
    ).rejects.toThrow(/CHECK constraint/);
  });

  it('enforces model statuses, JSON columns and the dataset foreign key', async () => {
    await opened.db.insertInto('datasets').values(dataset).execute();
    const model = {
      id: 'm1', name: 'unet', dataset_id: 'd1',
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

/** 0007_drop_unread_columns on a database written by the code before it. */
describe('migration 0007_drop_unread_columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-db-'));
  let opened: OpenedDatabase;
  let db: Kysely<unknown>;
  let migrator: Migrator;

  beforeAll(async () => {
    opened = openDatabase(join(dir, 'medseg.db'));
    db = opened.db as unknown as Kysely<unknown>;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const to0006 = await migrator.migrateTo('0006_inference_file_name');
    expect(to0006.error).toBeUndefined();
    await sql`insert into datasets (id, name, s3_bucket, s3_key, uploaded_at, file_count, total_size_mb, status, archive_bytes, pair_count)
      values ('d1', 'brain', 'medseg', 'datasets/d1/archive.zip', '2026-01-01T00:00:00Z', 4, 1.5, 'ready', 1572864, 2)`.execute(db);
    await sql`insert into models (id, name, dataset_id, s3_bucket, s3_key, hyperparameters, metrics, status, job_state, created_at, best_dice)
      values ('m1', 'unet', 'd1', 'medseg', 'models/m1/model.json', '{"epochs":2}', '{}', 'completed', 'completed', '2026-01-02T00:00:00Z', 0.8)`.execute(db);
    await sql`insert into inference_results (id, model_id, input_image_s3_key, output_image_s3_key, file_name)
      values ('r1', 'm1', 'in.png', 'out.png', 'scan.png')`.execute(db);
    await migrateToLatest(opened.db);
  });

  afterAll(async () => {
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops the unread columns and keeps every row with its other values', async () => {
    for (const [table, dropped] of Object.entries(DROPPED)) {
      const columns = await columnsOf(db, table);
      for (const column of dropped) expect(columns).not.toContain(column);
    }
    const dataset = await opened.db.selectFrom('datasets').selectAll().executeTakeFirstOrThrow();
    expect(dataset).toMatchObject({ id: 'd1', name: 'brain', file_count: 4, archive_bytes: 1572864, pair_count: 2, status: 'ready' });
    const model = await opened.db.selectFrom('models').selectAll().executeTakeFirstOrThrow();
    expect(model).toMatchObject({ id: 'm1', dataset_id: 'd1', hyperparameters: '{"epochs":2}', status: 'completed', best_dice: 0.8 });
    const result = await opened.db.selectFrom('inference_results').selectAll().executeTakeFirstOrThrow();
    expect(result).toMatchObject({ id: 'r1', model_id: 'm1', file_name: 'scan.png' });
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
    expect(fk.rows[0].foreign_keys).toBe(1);
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
  });

  it('comes back down to the old columns, empty, with the rows kept, and up again', async () => {
    const down = await migrator.migrateTo('0006_inference_file_name');
    expect(down.error).toBeUndefined();
    // Later migrations (0008_accounts, …) come down first.
    expect(down.results?.map((r) => r.migrationName).at(-1)).toBe('0007_drop_unread_columns');
    expect(await columnsOf(db, 'datasets')).toEqual(expect.arrayContaining(DROPPED.datasets));
    expect(await columnsOf(db, 'models')).toEqual(expect.arrayContaining(DROPPED.models));
    const rows = await sql<{ id: string; s3_bucket: string; total_size_mb: number }>`select id, s3_bucket, total_size_mb from datasets`.execute(db);
    expect(rows.rows).toEqual([{ id: 'd1', s3_bucket: '', total_size_mb: 0 }]);
    // The code before 0007 still inserts with them.
    await sql`insert into models (id, name, dataset_id, s3_bucket, s3_key, status) values ('m2', 'old', 'd1', 'medseg', 'models/m2/model.json', 'training')`.execute(db);

    const up = await migrateToLatest(opened.db);
    expect(up.error).toBeUndefined();
    const ids = await opened.db.selectFrom('models').select('id').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['m1', 'm2']);
  });
});

describe('migration 0014_dataset_versions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-db-'));
  let opened: OpenedDatabase;
  let versions: DatasetVersionRepository;

  beforeAll(async () => {
    opened = openDatabase(join(dir, 'medseg.db'));
    await migrateToLatest(opened.db);
    versions = new DatasetVersionRepository(opened.db);
    await opened.db
      .insertInto('datasets')
      .values({ id: 'd1', name: 'brain', uploaded_at: '2026-01-01T00:00:00Z', file_count: 2, status: 'ready' })
      .execute();
  });
  afterAll(async () => {
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const annotation = (id: string, version: number) => ({
    id, dataset_id: 'd1', case_index: 0, version, base_version: version - 1, created_at: '2026-01-02T00:00:00Z',
    created_by: null, proposal_source: 'empty' as const, proposal_model_id: null, proposal_dice: null,
    label_voxels: [{ value: 1, voxels: 10, volumeMl: 0 }], mask_key: `datasets/d1/annotations/${id}/mask.nii.gz`,
    mask_shard_key: `datasets/d1/annotations/${id}/mask-shard.safetensors`,
  });

  it('defaults models and evaluations to version 1 without a parent', async () => {
    await opened.db.insertInto('models').values({ id: 'm1', name: 'unet', dataset_id: 'd1', hyperparameters: '{}', metrics: '{}', trained_at: null, status: 'training', error: null, best_dice: null }).execute();
    const model = await opened.db.selectFrom('models').select(['dataset_version', 'parent_model_id']).executeTakeFirstOrThrow();
    expect(model).toEqual({ dataset_version: 1, parent_model_id: null });
  });

  it('commits a version with its annotations and reads them back parsed', async () => {
    await versions.insertVersion(
      { dataset_id: 'd1', version: 2, parent: 1, created_at: '2026-01-02T00:00:00Z', created_by: null, masks: { '0': 'a1' },
        changes: [{ caseIndex: 0, caseName: 'c0', annotationId: 'a1', kind: 'changed' }] },
      [annotation('a1', 2)],
    );
    expect((await versions.getLatest('d1'))?.masks).toEqual({ '0': 'a1' });
    expect((await versions.latestByDataset(['d1', 'd2'])).get('d1')).toBe(2);
    expect((await versions.listCaseAnnotations('d1', 0)).map((a) => a.label_voxels)).toEqual([[{ value: 1, voxels: 10, volumeMl: 0 }]]);
  });

  it('refuses a second version with the same number and keeps nothing of it', async () => {
    await expect(
      versions.insertVersion({ dataset_id: 'd1', version: 2, parent: 1, created_at: 'x', created_by: null }, [annotation('a2', 2)]),
    ).rejects.toThrow();
    expect(await versions.getAnnotation('a2')).toBeUndefined();
  });

  it('removes versions and annotations with their dataset', async () => {
    await opened.db.deleteFrom('models').execute();
    await opened.db.deleteFrom('datasets').where('id', '=', 'd1').execute();
    expect(await versions.listVersions('d1')).toEqual([]);
    expect(await versions.listAnnotationIds('d1')).toEqual([]);
  });
});
