import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedDatabase, migrateToLatest, openDatabase } from '../../src/db/database';
import { migrations } from '../../src/db/migrations';
import { DatasetRepository } from '../../src/repositories/dataset.repository';
import { InferenceResultRepository } from '../../src/repositories/inference-result.repository';
import { ModelRepository } from '../../src/repositories/model.repository';

/** 0009_ownership on rows from before accounts, and the list filters on a real SQLite file. */
describe('migration 0009_ownership and the visibility filters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-db-'));
  let opened: OpenedDatabase;
  let migrator: Migrator;
  let datasets: DatasetRepository;
  let models: ModelRepository;
  let results: InferenceResultRepository;
  const alice = { id: 'alice', admin: false };
  const bob = { id: 'bob', admin: false };
  const admin = { id: 'root', admin: true };

  beforeAll(async () => {
    opened = openDatabase(join(dir, 'medseg.db'));
    const db = opened.db as unknown as Kysely<unknown>;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0008_accounts')).error).toBeUndefined();
    await sql`insert into datasets (id, name, uploaded_at, file_count, status) values ('legacy', 'old', '2026-01-01T00:00:00Z', 1, 'ready')`.execute(db);
    await sql`insert into models (id, name, dataset_id, hyperparameters, metrics, status) values ('legacy-m', 'old', 'legacy', '{}', '{}', 'completed')`.execute(db);
    await sql`insert into inference_results (id, model_id, input_image_s3_key, output_image_s3_key) values ('legacy-r', 'legacy-m', 'i', 'o')`.execute(db);
    await migrateToLatest(opened.db);
    datasets = new DatasetRepository(opened.db);
    models = new ModelRepository(opened.db);
    results = new InferenceResultRepository(opened.db);
    const now = new Date().toISOString();
    await datasets.insert({ id: 'a-private', name: 'a', uploaded_at: now, file_count: 1, status: 'ready', owner_id: 'alice', visibility: 'private' });
    await datasets.insert({ id: 'a-shared', name: 'b', uploaded_at: now, file_count: 1, status: 'ready', owner_id: 'alice', visibility: 'shared' });
    await datasets.insert({ id: 'b-private', name: 'c', uploaded_at: now, file_count: 1, status: 'ready', owner_id: 'bob', visibility: 'private' });
    await results.insert({ id: 'a-result', model_id: 'legacy-m', input_image_s3_key: 'i', output_image_s3_key: 'o', owner_id: 'alice' });
  });

  afterAll(async () => {
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const visible = async (viewer: typeof alice, owner?: 'me' | 'others') => {
    const scope = { viewer, owner };
    const rows = await datasets.list('name', 'asc', 0, 50, { scope });
    return { ids: rows.map((r) => r.id).sort(), total: await datasets.count({ scope }) };
  };

  it('leaves rows from before accounts without an owner and shared', async () => {
    expect(await datasets.getById('legacy')).toMatchObject({ owner_id: null, visibility: 'shared' });
    expect(await models.getById('legacy-m')).toMatchObject({ owner_id: null, visibility: 'shared' });
    expect(await results.getById('legacy-r')).toMatchObject({ owner_id: null });
  });

  it('lists and counts what each caller may see, and narrows by ?owner', async () => {
    expect(await visible(alice)).toEqual({ ids: ['a-private', 'a-shared', 'legacy'], total: 3 });
    expect(await visible(bob)).toEqual({ ids: ['a-shared', 'b-private', 'legacy'], total: 3 });
    expect(await visible(admin)).toEqual({ ids: ['a-private', 'a-shared', 'b-private', 'legacy'], total: 4 });
    expect(await visible(alice, 'me')).toEqual({ ids: ['a-private', 'a-shared'], total: 2 });
    expect(await visible(bob, 'others')).toEqual({ ids: ['a-shared', 'legacy'], total: 2 });
  });

  it('shows inference results to their owner and admins only; ownerless ones to everyone', async () => {
    const ids = async (viewer: typeof alice) => (await results.listByModel('legacy-m', 10, { viewer })).map((r) => r.id).sort();
    expect(await ids(alice)).toEqual(['a-result', 'legacy-r']);
    expect(await ids(bob)).toEqual(['legacy-r']);
    expect(await ids(admin)).toEqual(['a-result', 'legacy-r']);
  });

  it('comes down and up again', async () => {
    expect((await migrator.migrateTo('0008_accounts')).error).toBeUndefined();
    expect((await migrateToLatest(opened.db)).error).toBeUndefined();
    expect(await datasets.getById('a-private')).toMatchObject({ owner_id: null, visibility: 'shared' });
  });
});
