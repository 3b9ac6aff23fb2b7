import { Inject, Injectable } from '@nestjs/common';
import { type Insertable, type Kysely, type Updateable, sql } from 'kysely';
import { JsonColumns } from '../db/json-columns';
import type {
  Database,
  DatasetCaseJson,
  DatasetCaseRow,
  DatasetCaseTable,
  DatasetChanges,
  DatasetJson,
  DatasetPairJson,
  DatasetPairRow,
  DatasetPairTable,
  DatasetRow,
  DatasetTable,
  NewDatasetRow,
} from '../db/schema';
import type { DatasetSort } from '../dtos/dataset.dto';
import type { DatasetRows } from '../services/dataset-manifest';
import { DATABASE } from '../tokens';
import { type ListScope, ownerNarrowing, shareableVisible } from '../services/access/access-rules';

const SORT_COLUMNS = {
  uploadedAt: 'uploaded_at',
  name: 'name',
  pairCount: 'pair_count',
  archiveBytes: 'archive_bytes',
} as const satisfies Record<DatasetSort, keyof DatasetTable>;

const DATASET_JSON = new JsonColumns<DatasetJson>(['stats', 'errors', 'warnings', 'progress', 'labels', 'fingerprint']);
const PAIR_JSON = new JsonColumns<DatasetPairJson>(['labels']);
const CASE_JSON = new JsonColumns<DatasetCaseJson>(['image_paths', 'spacing', 'geometry', 'label_voxels', 'intensities']);
/** SQLite caps bound parameters per statement (32766); 500 rows of at most 22 columns stay well under it. */
const ROWS_PER_INSERT = 500;
/** What a list of datasets is narrowed to: what the caller may see, then the optional fields. */
export interface DatasetFilter {
  scope: ListScope;
  /** Text the name contains, compared case-insensitively. */
  search?: string;
  status?: DatasetTable['status'];
}

/** SQLite rows of datasets and their pairs: one query per method. */
@Injectable()
export class DatasetRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async getById(id: string): Promise<DatasetRow | undefined> {
    const row = await this.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && DATASET_JSON.parse(row);
  }

  async list(sort: DatasetSort, order: 'asc' | 'desc', offset: number, limit: number, filter: DatasetFilter): Promise<DatasetRow[]> {
    const rows = await this.filtered(filter)
      .selectAll()
      .orderBy(SORT_COLUMNS[sort], order)
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => DATASET_JSON.parse(r));
  }

  async count(filter: DatasetFilter): Promise<number> {
    const { n } = await this.filtered(filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  private filtered({ scope, search, status }: DatasetFilter) {
    let query = this.db
      .selectFrom('datasets')
      .where(shareableVisible('datasets', scope.viewer))
      .where(ownerNarrowing('datasets', scope));
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
    await this.db.insertInto('datasets').values(DATASET_JSON.serialize<Insertable<DatasetTable>>(row)).execute();
  }

  async update(id: string, changes: DatasetChanges): Promise<void> {
    await this.db.updateTable('datasets').set(DATASET_JSON.serialize<Updateable<DatasetTable>>(changes)).where('id', '=', id).execute();
  }

  /** Writes a dataset with all its pairs and cases in one transaction, replacing what was there. */
  async replace(rows: DatasetRows): Promise<void> {
    const dataset = DATASET_JSON.serialize<Insertable<DatasetTable>>(rows.dataset);
    const pairs = rows.pairs.map((p) => PAIR_JSON.serialize<Insertable<DatasetPairTable>>(p));
    const cases = rows.cases.map((c) => CASE_JSON.serialize<Insertable<DatasetCaseTable>>(c));
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('dataset_pairs').where('dataset_id', '=', dataset.id).execute();
      await tx.deleteFrom('dataset_cases').where('dataset_id', '=', dataset.id).execute();
      await tx
        .insertInto('datasets')
        .values(dataset)
        .onConflict((oc) => oc.column('id').doUpdateSet(dataset))
        .execute();
      for (let i = 0; i < pairs.length; i += ROWS_PER_INSERT) {
        await tx.insertInto('dataset_pairs').values(pairs.slice(i, i + ROWS_PER_INSERT)).execute();
      }
      for (let i = 0; i < cases.length; i += ROWS_PER_INSERT) {
        await tx.insertInto('dataset_cases').values(cases.slice(i, i + ROWS_PER_INSERT)).execute();
      }
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('datasets').where('id', '=', id).execute();
  }

  /**
   * Pairs in index order; `search`: only those whose name contains it (case-insensitive);
   * `labelledOnly`: without the slices of unlabeled cases.
   */
  async listPairs(datasetId: string, offset: number, limit: number, search?: string, labelledOnly = false): Promise<DatasetPairRow[]> {
    let query = this.db.selectFrom('dataset_pairs').selectAll().where('dataset_id', '=', datasetId);
    if (search) query = query.where('name', 'like', likePattern(search));
    if (labelledOnly) query = query.where('unlabeled', '=', 0);
    const rows = await query
      .orderBy('idx')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => PAIR_JSON.parse(r));
  }

  async countPairs(datasetId: string, search: string): Promise<number> {
    const { n } = await this.db
      .selectFrom('dataset_pairs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('dataset_id', '=', datasetId)
      .where('name', 'like', likePattern(search))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async getPair(datasetId: string, index: number): Promise<DatasetPairRow | undefined> {
    const row = await this.db
      .selectFrom('dataset_pairs')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('idx', '=', index)
      .executeTakeFirst();
    return row && PAIR_JSON.parse(row);
  }

  /** Cases in index order. */
  async listCases(datasetId: string, offset: number, limit: number): Promise<DatasetCaseRow[]> {
    const rows = await this.db
      .selectFrom('dataset_cases')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .orderBy('idx')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => CASE_JSON.parse(r));
  }

  /**
   * The slices of one case (its `depth` pairs from `firstPair`), in slice order. By index range, not
   * by `volume`: a 2D image is a one-slice case whose pair names no volume.
   */
  async listCasePairs(datasetId: string, firstPair: number, depth: number): Promise<DatasetPairRow[]> {
    const rows = await this.db
      .selectFrom('dataset_pairs')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('idx', '>=', firstPair)
      .where('idx', '<', firstPair + depth)
      .orderBy('idx')
      .execute();
    return rows.map((r) => PAIR_JSON.parse(r));
  }

  async getCase(datasetId: string, index: number): Promise<DatasetCaseRow | undefined> {
    const row = await this.db
      .selectFrom('dataset_cases')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('idx', '=', index)
      .executeTakeFirst();
    return row && CASE_JSON.parse(row);
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

/** `%text%` for LIKE with the user's % and _ taken literally (SQLite LIKE is case-insensitive for ASCII). */
function likePattern(text: string) {
  return sql<string>`${'%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} escape '\\'`;
}
