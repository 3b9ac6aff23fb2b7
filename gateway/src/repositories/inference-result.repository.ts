import { Inject, Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import type { Database, InferenceResultTable } from '../db/schema';
import { DATABASE } from '../tokens';

export type InferenceResultRow = Selectable<InferenceResultTable>;

@Injectable()
export class InferenceResultRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  async insert(row: { id: string; model_id: string; input_image_s3_key: string; output_image_s3_key: string }): Promise<void> {
    await this.db.insertInto('inference_results').values(row).execute();
  }

  listByModel(modelId: string, limit: number): Promise<InferenceResultRow[]> {
    return this.db
      .selectFrom('inference_results')
      .selectAll()
      .where('model_id', '=', modelId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  getById(id: string): Promise<InferenceResultRow | undefined> {
    return this.db.selectFrom('inference_results').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
