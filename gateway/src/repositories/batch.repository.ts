import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Kysely, Updateable } from 'kysely';
import { JsonColumns } from '../db/json-columns';
import type { BatchChanges, BatchJson, BatchTable, Database, JobState, NewBatchRow } from '../db/schema';
import type { BatchWithModel } from '../dtos/batch.dto';
import { DATABASE } from '../tokens';
import { type ListScope, ownerNarrowing } from '../services/access/access-rules';

const BATCH_JSON = new JsonColumns<BatchJson>(['progress', 'aggregate', 'failures']);
const values = (row: NewBatchRow) => BATCH_JSON.serialize<Insertable<BatchTable>>(row);

/** SQLite rows of batch-inference jobs. */
@Injectable()
export class BatchRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  private withModel() {
    return this.db
      .selectFrom('batches')
      .leftJoin('models', 'models.id', 'batches.model_id')
      .selectAll('batches')
      .select((eb) => eb.fn.coalesce('models.name', eb.val('')).as('model_name'))
      .select(['models.owner_id as model_owner_id', 'models.visibility as model_visibility']);
  }

  async getById(id: string): Promise<BatchWithModel | undefined> {
    const row = await this.withModel().where('batches.id', '=', id).executeTakeFirst();
    return row && BATCH_JSON.parse(row);
  }

  /** Every batch of a model the caller may see (whoever sees a model sees its batches). */
  async listByModel(modelId: string, scope: ListScope): Promise<BatchWithModel[]> {
    const rows = await this.withModel()
      .where('batches.model_id', '=', modelId)
      .where(ownerNarrowing('batches', scope))
      .orderBy('batches.created_at', 'desc').orderBy('batches.id').execute();
    return rows.map((r) => BATCH_JSON.parse(r));
  }

  listActive(): Promise<{ id: string }[]> {
    return this.db.selectFrom('batches').select('id').where('state', 'in', ['queued', 'running']).execute();
  }

  listIds(): Promise<{ id: string; state: JobState }[]> {
    return this.db.selectFrom('batches').select(['id', 'state']).execute();
  }

  listStatesByModel(modelId: string): Promise<{ id: string; state: JobState }[]> {
    return this.db.selectFrom('batches').select(['id', 'state']).where('model_id', '=', modelId).execute();
  }

  async insert(row: NewBatchRow): Promise<void> {
    await this.db.insertInto('batches').values(values(row)).execute();
  }

  async update(id: string, changes: BatchChanges): Promise<void> {
    await this.db.updateTable('batches').set(BATCH_JSON.serialize<Updateable<BatchTable>>(changes)).where('id', '=', id).execute();
  }

  /** Writes a completed batch, replacing what was there (resync). */
  async replace(batch: NewBatchRow): Promise<void> {
    const row = values(batch);
    await this.db.insertInto('batches').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('batches').where('id', '=', id).execute();
  }
}
