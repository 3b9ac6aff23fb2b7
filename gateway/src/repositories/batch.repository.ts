import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Updateable } from 'kysely';
import type { BatchTable, Database, JobState, NewBatchRow } from '../db/schema';
import type { BatchWithModel } from '../dtos/batch.dto';
import { DATABASE } from '../tokens';

/** SQLite rows of batch-inference jobs. */
@Injectable()
export class BatchRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  private withModel() {
    return this.db
      .selectFrom('batches')
      .leftJoin('models', 'models.id', 'batches.model_id')
      .selectAll('batches')
      .select((eb) => eb.fn.coalesce('models.name', eb.val('')).as('model_name'));
  }

  getById(id: string): Promise<BatchWithModel | undefined> {
    return this.withModel().where('batches.id', '=', id).executeTakeFirst();
  }

  listByModel(modelId: string): Promise<BatchWithModel[]> {
    return this.withModel().where('batches.model_id', '=', modelId).orderBy('batches.created_at', 'desc').orderBy('batches.id').execute();
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
    await this.db.insertInto('batches').values(row).execute();
  }

  async update(id: string, changes: Updateable<BatchTable>): Promise<void> {
    await this.db.updateTable('batches').set(changes).where('id', '=', id).execute();
  }

  /** Writes a completed batch, replacing what was there (resync). */
  async replace(row: NewBatchRow): Promise<void> {
    await this.db.insertInto('batches').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('batches').where('id', '=', id).execute();
  }
}
