import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../src/db/database';
import { DatasetRepository } from '../../src/repositories/dataset.repository';
import { ModelRepository } from '../../src/repositories/model.repository';

// The search fields of the datasets and models lists, against a real SQLite file.
describe('list search and status filter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-filter-'));
  let opened: OpenedDatabase;
  let datasets: DatasetRepository;
  let models: ModelRepository;

  const dataset = (id: string, name: string, status: 'uploaded' | 'ready' | 'error') => ({
    id, name, status, uploaded_at: new Date().toISOString(), file_count: 1,
  });
  const model = (id: string, name: string, status: 'training' | 'completed' | 'failed') => ({
    id, name, status, dataset_id: 'd1',
    hyperparameters: '{}', metrics: '{}', trained_at: null, error: null, best_dice: null,
  });

  beforeAll(async () => {
    opened = openDatabase(join(dir, 'medseg.db'));
    await migrateToLatest(opened.db);
    datasets = new DatasetRepository(opened.db);
    models = new ModelRepository(opened.db);
    await datasets.insert(dataset('d1', 'Brain MRI slices', 'ready'));
    await datasets.insert(dataset('d2', 'brain 50%_t1', 'error'));
    await datasets.insert(dataset('d3', 'Liver CT', 'ready'));
    await opened.db.insertInto('models').values([
      model('m1', 'Brain U-Net', 'completed'),
      model('m2', 'brain resunet', 'failed'),
      model('m3', 'Liver U-Net', 'completed'),
    ]).execute();
  });
  afterAll(async () => {
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = { viewer: { id: 'admin-id', admin: true } };
  const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();

  it('finds datasets whose name contains the text, ignoring case, and counts only those', async () => {
    expect(names(await datasets.list('name', 'asc', 0, 20, { scope: admin, search: 'BRAIN' }))).toEqual(['Brain MRI slices', 'brain 50%_t1']);
    expect(await datasets.count({ scope: admin, search: 'brain' })).toBe(2);
    expect(await datasets.count({ scope: admin })).toBe(3);
  });

  it('takes % and _ in a search literally, not as wildcards', async () => {
    expect(names(await datasets.list('name', 'asc', 0, 20, { scope: admin, search: '50%_' }))).toEqual(['brain 50%_t1']);
    expect(await datasets.count({ scope: admin, search: '%' })).toBe(1);
  });

  it('combines the search with a status', async () => {
    expect(names(await datasets.list('name', 'asc', 0, 20, { scope: admin, search: 'brain', status: 'ready' }))).toEqual(['Brain MRI slices']);
    expect(await datasets.count({ scope: admin, status: 'ready' })).toBe(2);
  });

  it('filters models by name and status the same way', async () => {
    expect(names(await models.list('name', 'asc', 0, 20, { scope: admin, search: 'u-net' }))).toEqual(['Brain U-Net', 'Liver U-Net']);
    expect(names(await models.list('name', 'asc', 0, 20, { scope: admin, search: 'brain', status: 'failed' }))).toEqual(['brain resunet']);
    expect(await models.count({ scope: admin, status: 'completed' })).toBe(2);
    expect(await models.count({ scope: admin, search: 'nothing like this' })).toBe(0);
  });
});
