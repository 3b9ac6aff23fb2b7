import { Inject, Injectable } from '@nestjs/common';
import { type Kysely, type Updateable, sql } from 'kysely';
import type { Database, JobEventTable, ModelRow, ModelTable, NewModelRow } from '../db/schema';
import type { JobEventDto } from '../dtos/job-event.dto';
import { DATABASE } from '../tokens';

const SORT_COLUMNS = { createdAt: 'created_at', name: 'name', bestDice: 'best_dice' } as const;

export interface ModelWithDataset extends ModelRow {
  dataset_name: string;
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
      .select((eb) => eb.fn.coalesce('datasets.name', eb.val('')).as('dataset_name'));
  }

  getById(id: string): Promise<ModelWithDataset | undefined> {
    return this.withDataset().where('models.id', '=', id).executeTakeFirst();
  }

  list(sort: keyof typeof SORT_COLUMNS, order: 'asc' | 'desc', offset: number, limit: number): Promise<ModelWithDataset[]> {
    return this.withDataset()
      .orderBy(`models.${SORT_COLUMNS[sort]}`, order)
      .orderBy('models.id')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async count(): Promise<number> {
    const { n } = await this.db.selectFrom('models').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  listTraining(): Promise<ModelRow[]> {
    return this.db.selectFrom('models').selectAll().where('status', '=', 'training').execute();
  }

  listIds(): Promise<{ id: string; status: ModelRow['status'] }[]> {
    return this.db.selectFrom('models').select(['id', 'status']).execute();
  }

  async nextVersion(name: string): Promise<number> {
    const { v } = await this.db
      .selectFrom('models')
      .select((eb) => eb.fn.max<number | null>('version').as('v'))
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return (v ?? 0) + 1;
  }

  async insert(row: NewModelRow): Promise<void> {
    await this.db.insertInto('models').values(row).execute();
  }

  async update(id: string, changes: Updateable<ModelTable>): Promise<void> {
    await this.db.updateTable('models').set(changes).where('id', '=', id).execute();
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
  async replace(row: NewModelRow, events: JobEventDto[]): Promise<void> {
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
