import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { Database, DatasetAutoFineTuneRow } from '../db/schema';
import { DATABASE } from '../tokens';

/** SQLite cache of each dataset's auto fine-tune rule (datasets/<id>/auto-fine-tune.json). */
@Injectable()
export class AutoFineTuneRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  get(datasetId: string): Promise<DatasetAutoFineTuneRow | undefined> {
    return this.db.selectFrom('dataset_auto_fine_tunes').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst();
  }

  async upsert(row: DatasetAutoFineTuneRow): Promise<void> {
    await this.db
      .insertInto('dataset_auto_fine_tunes')
      .values(row)
      .onConflict((oc) => oc.column('dataset_id').doUpdateSet(row))
      .execute();
  }

  async delete(datasetId: string): Promise<void> {
    await this.db.deleteFrom('dataset_auto_fine_tunes').where('dataset_id', '=', datasetId).execute();
  }
}
