import { Inject, Injectable } from '@nestjs/common';
import type { LineageModel } from '../services/auto-fine-tune-plan';
import { type Insertable, type Kysely, type SelectQueryBuilder, type Updateable, sql } from 'kysely';
import { JsonColumns } from '../db/json-columns';
import type { Database, JobEventTable, ModelChanges, ModelJson, ModelRow, ModelTable, NewModelRow } from '../db/schema';
import type { JobEventDto } from '../dtos/job-event.dto';
import { DATABASE } from '../tokens';
import type { Visibility } from '../dtos/owner.dto';
import { type ListScope, type Viewer, ownerNarrowing, shareableVisible } from '../services/access/access-rules';

const MODEL_JSON = new JsonColumns<ModelJson>(['hyperparameters', 'metrics', 'progress', 'split', 'classes', 'weights', 'post_processing']);

/** A row with its JSON parsed; the seed's '{}' metrics of a model not completed read as null. */
function parse<R extends Record<keyof ModelJson, string>>(row: R) {
  const parsed = MODEL_JSON.parse(row);
  if (parsed.metrics && !('bestEpoch' in parsed.metrics)) parsed.metrics = null;
  return parsed;
}
const insertable = (row: NewModelRow) => MODEL_JSON.serialize<Insertable<ModelTable>>(row);
const updateable = (changes: ModelChanges) => MODEL_JSON.serialize<Updateable<ModelTable>>(changes);

const SORT_COLUMNS = { createdAt: 'created_at', name: 'name', bestDice: 'best_dice' } as const;

/** What a list of models is narrowed to: what the caller may see, then the optional fields. */
export interface ModelFilter {
  scope: ListScope;
  /** Text the name contains, compared case-insensitively. */
  search?: string;
  status?: ModelTable['status'];
}

export interface ModelWithDataset extends ModelRow, DatasetNameColumns {}

/** The name of the dataset a row refers to, and what ResourceAccess.datasetName needs to decide who may read it. */
export interface DatasetNameColumns {
  dataset_name: string;
  dataset_owner_id: string | null;
  dataset_visibility: Visibility | null;
}

/** SQLite rows of models (their events and epoch history are job_events rows). */
@Injectable()
export class ModelRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  private withDataset() {
    return this.db
      .selectFrom('models')
      .leftJoin('datasets', 'datasets.id', 'models.dataset_id')
      .selectAll('models')
      .select((eb) => eb.fn.coalesce('datasets.name', eb.val('')).as('dataset_name'))
      .select(['datasets.owner_id as dataset_owner_id', 'datasets.visibility as dataset_visibility']);
  }

  async getById(id: string): Promise<ModelWithDataset | undefined> {
    const row = await this.withDataset().where('models.id', '=', id).executeTakeFirst();
    return row && parse(row);
  }

  async list(
    sort: keyof typeof SORT_COLUMNS,
    order: 'asc' | 'desc',
    offset: number,
    limit: number,
    filter: ModelFilter,
  ): Promise<ModelWithDataset[]> {
    const rows = await this.whereFilter(this.withDataset(), filter)
      .orderBy(`models.${SORT_COLUMNS[sort]}`, order)
      .orderBy('models.id')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map(parse);
  }

  async count(filter: ModelFilter): Promise<number> {
    const { n } = await this.whereFilter(this.db.selectFrom('models'), filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  private whereFilter<Q extends SelectQueryBuilder<Database, 'models' | 'datasets', object>>(query: Q, { scope, search, status }: ModelFilter): Q {
    let q = query.where(shareableVisible('models', scope.viewer)).where(ownerNarrowing('models', scope)) as Q;
    // instr() rather than LIKE: a search for "50%" or "t1_" means those characters, not wildcards.
    if (search?.trim()) q = q.where(sql<boolean>`instr(lower(models.name), ${search.trim().toLowerCase()}) > 0`) as Q;
    if (status) q = q.where('models.status', '=', status) as Q;
    return q;
  }

  async listTraining(): Promise<ModelRow[]> {
    return (await this.db.selectFrom('models').selectAll().where('status', '=', 'training').execute()).map(parse);
  }

  /** Those of `ids` the viewer may see. */
  async visibleIds(ids: readonly string[], viewer: Viewer): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('models').select('id').where('id', 'in', ids).where(shareableVisible('models', viewer)).execute();
    return rows.map((r) => r.id);
  }

  listIds(): Promise<{ id: string; status: ModelRow['status'] }[]> {
    return this.db.selectFrom('models').select(['id', 'status']).execute();
  }

  /** Versions count per owner: another user's private model of the same name must not show through. */
  async nextVersion(name: string, ownerId: string | null): Promise<number> {
    const { v } = await this.db
      .selectFrom('models')
      .select((eb) => eb.fn.max<number | null>('version').as('v'))
      .where('name', '=', name)
      .where((eb) => (ownerId === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', ownerId)))
      .executeTakeFirstOrThrow();
    return (v ?? 0) + 1;
  }

  /** The models fine-tuned from each of `ids`. */
  async childIds(ids: readonly string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('models')
      .select(['id', 'parent_model_id'])
      .where('parent_model_id', 'in', [...ids])
      .orderBy('created_at')
      .execute();
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.parent_model_id!, [...(out.get(r.parent_model_id!) ?? []), r.id]);
    return out;
  }

  /** Every model of a dataset, with what the auto fine-tune rule follows lineages by. */
  listLineage(datasetId: string): Promise<LineageModel[]> {
    return this.db
      .selectFrom('models')
      .select(['id', 'parent_model_id', 'status', 'trigger', 'dataset_version', 'created_at'])
      .where('dataset_id', '=', datasetId)
      .orderBy('created_at')
      .execute();
  }

  async insert(row: NewModelRow): Promise<void> {
    await this.db.insertInto('models').values(insertable(row)).execute();
  }

  async update(id: string, changes: ModelChanges): Promise<void> {
    await this.db.updateTable('models').set(updateable(changes)).where('id', '=', id).execute();
  }

  /** best_dice = the highest validation Dice of the epoch history (a resumed epoch may repeat). */
  async updateBestDice(id: string): Promise<void> {
    await this.db
      .updateTable('models')
      .set((eb) => ({
        best_dice: eb
          .selectFrom('job_events')
          .select(sql<number>`max(json_extract(data, '$.epoch.valDice'))`.as('d'))
          .where('job_id', '=', id)
          .where('type', '=', 'epoch'),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Writes a model and its replayable events in one go, replacing what was there (resync). */
  async replace(model: NewModelRow, events: JobEventDto[]): Promise<void> {
    const row = insertable(model);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('job_events').where('job_id', '=', row.id).execute();
      await tx.insertInto('models').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      for (const e of events) {
        await tx
          .insertInto('job_events')
          .values({ job_id: row.id, sequence: e.sequence, type: e.type as JobEventTable['type'], data: JSON.stringify(e) })
          .execute();
      }
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('models').where('id', '=', id).execute();
  }
}
