import { Inject, Injectable } from '@nestjs/common';
import { type Kysely, type Updateable, sql } from 'kysely';
import type { Database, DatasetPairRow, DatasetRow, DatasetTable, NewDatasetRow } from '../db/schema';
import type { DatasetSort } from '../dtos/dataset.dto';
import { DATABASE } from '../tokens';

const SORT_COLUMNS = {
  uploadedAt: 'uploaded_at',
  name: 'name',
  pairCount: 'pair_count',
  archiveBytes: 'archive_bytes',
} as const satisfies Record<DatasetSort, keyof DatasetTable>;

/** What a list of datasets is narrowed to; both fields optional. */
export interface DatasetFilter {
  /** Text the name contains, compared case-insensitively. */
  search?: string;
  status?: DatasetTable['status'];
}

/** SQLite rows of datasets and their pairs: one query per method. */
@Injectable()
export class DatasetRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  getById(id: string): Promise<DatasetRow | undefined> {
    return this.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(sort: DatasetSort, order: 'asc' | 'desc', offset: number, limit: number, filter: DatasetFilter = {}): Promise<DatasetRow[]> {
    return this.filtered(filter)
      .selectAll()
      .orderBy(SORT_COLUMNS[sort], order)
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async count(filter: DatasetFilter = {}): Promise<number> {
    const { n } = await this.filtered(filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  private filtered({ search, status }: DatasetFilter) {
    let query = this.db.selectFrom('datasets');
    // instr() rather than LIKE: a search for "50%" or "t1_" means those characters, not wildcards.
    if (search?.trim()) query = query.where(sql<boolean>`instr(lower(name), ${search.trim().toLowerCase()}) > 0`);
    if (status) query = query.where('status', '=', status);
    return query;
  }

  listIdsByStatus(status: DatasetTable['status']): Promise<{ id: string }[]> {
    return this.db.selectFrom('datasets').select('id').where('status', '=', status).execute();
  }

  listIds(): Promise<{ id: string }[]> {
    return this.db.selectFrom('datasets').select('id').execute();
  }

  async insert(row: NewDatasetRow): Promise<void> {
    await this.db.insertInto('datasets').values(row).execute();
  }

  async update(id: string, changes: Updateable<DatasetTable>): Promise<void> {
    await this.db.updateTable('datasets').set(changes).where('id', '=', id).execute();
  }

  /** Writes a dataset and all its pairs in one transaction, replacing what was there. */
  async replace(dataset: NewDatasetRow, pairs: DatasetPairRow[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('dataset_pairs').where('dataset_id', '=', dataset.id).execute();
      await tx
        .insertInto('datasets')
        .values(dataset)
        .onConflict((oc) => oc.column('id').doUpdateSet(dataset))
        .execute();
      // SQLite caps bound parameters per statement; 18 columns x 500 rows stays well under it.
      for (let i = 0; i < pairs.length; i += 500) {
        await tx.insertInto('dataset_pairs').values(pairs.slice(i, i + 500)).execute();
      }
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('datasets').where('id', '=', id).execute();
  }

  listPairs(datasetId: string, offset: number, limit: number): Promise<DatasetPairRow[]> {
    return this.db
      .selectFrom('dataset_pairs')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .orderBy('idx')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  getPair(datasetId: string, index: number): Promise<DatasetPairRow | undefined> {
    return this.db
      .selectFrom('dataset_pairs')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('idx', '=', index)
      .executeTakeFirst();
  }

  /** Models made from the dataset, by status: it must not be deleted under them. */
  async countModels(datasetId: string): Promise<{ training: number; other: number }> {
    const rows = await this.db
      .selectFrom('models')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('dataset_id', '=', datasetId)
      .groupBy('status')
      .execute();
    const training = Number(rows.find((r) => r.status === 'training')?.n ?? 0);
    return { training, other: rows.reduce((sum, r) => sum + Number(r.n), 0) - training };
  }
}
