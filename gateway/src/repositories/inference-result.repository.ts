import { Inject, Injectable } from '@nestjs/common';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, InferenceResultTable } from '../db/schema';
import { DATABASE } from '../tokens';
import { type ListScope, ownerNarrowing, personalVisible } from '../services/access/access-rules';

export type InferenceResultRow = Selectable<InferenceResultTable>;

@Injectable()
export class InferenceResultRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<InferenceResultTable>): Promise<void> {
    await this.db.insertInto('inference_results').values(row).execute();
  }

  /** Writes a result rebuilt from S3, replacing what was there (resync). */
  async replace(row: Insertable<InferenceResultTable>): Promise<void> {
    await this.db
      .insertInto('inference_results')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
  }

  /** The caller's results of a model (all of them for an admin), newest first. */
  listByModel(modelId: string, limit: number, scope: ListScope): Promise<InferenceResultRow[]> {
    return this.db
      .selectFrom('inference_results')
      .selectAll()
      .where('model_id', '=', modelId)
      .where(personalVisible(scope.viewer))
      .where(ownerNarrowing('inference_results', scope))
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  listIds(): Promise<{ id: string }[]> {
    return this.db.selectFrom('inference_results').select('id').execute();
  }

  getById(id: string): Promise<InferenceResultRow | undefined> {
    return this.db.selectFrom('inference_results').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('inference_results').where('id', '=', id).execute();
  }
}
