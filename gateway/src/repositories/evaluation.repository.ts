import { Inject, Injectable } from '@nestjs/common';
import { type Insertable, type Kysely, type Updateable, sql } from 'kysely';
import { JsonColumns } from '../db/json-columns';
import type {
  Database,
  EvaluationChanges,
  EvaluationImageJson,
  EvaluationImageRow,
  EvaluationImageTable,
  EvaluationJson,
  EvaluationTable,
  JobState,
  NewEvaluationImageRow,
  NewEvaluationRow,
} from '../db/schema';
import type { EvaluationWithNames } from '../dtos/evaluation.dto';
import { DATABASE } from '../tokens';
import { type ListScope, ownerNarrowing } from '../services/access/access-rules';

const EVALUATION_JSON = new JsonColumns<EvaluationJson>(['progress', 'aggregate']);
const IMAGE_JSON = new JsonColumns<EvaluationImageJson>(['per_class', 'shape', 'spacing']);
const evaluationValues = (row: NewEvaluationRow) => EVALUATION_JSON.serialize<Insertable<EvaluationTable>>(row);
const evaluationChanges = (changes: EvaluationChanges) => EVALUATION_JSON.serialize<Updateable<EvaluationTable>>(changes);
const imageValues = (images: NewEvaluationImageRow[]) => images.map((i) => IMAGE_JSON.serialize<Insertable<EvaluationImageTable>>(i));

/** SQLite rows of evaluation jobs and their per-image results. */
@Injectable()
export class EvaluationRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  private withNames() {
    return this.db
      .selectFrom('evaluations')
      .leftJoin('models', 'models.id', 'evaluations.model_id')
      .leftJoin('datasets', 'datasets.id', 'evaluations.dataset_id')
      .selectAll('evaluations')
      .select((eb) => [eb.fn.coalesce('models.name', eb.val('')).as('model_name'), eb.fn.coalesce('datasets.name', eb.val('')).as('dataset_name')])
      .select(['models.owner_id as model_owner_id', 'models.visibility as model_visibility'])
      .select(['datasets.owner_id as dataset_owner_id', 'datasets.visibility as dataset_visibility']);
  }

  async getById(id: string): Promise<EvaluationWithNames | undefined> {
    const row = await this.withNames().where('evaluations.id', '=', id).executeTakeFirst();
    return row && EVALUATION_JSON.parse(row);
  }

  /** Every evaluation of a model the caller may see (whoever sees a model sees its evaluations). */
  async listByModel(modelId: string, scope: ListScope): Promise<EvaluationWithNames[]> {
    const rows = await this.withNames()
      .where('evaluations.model_id', '=', modelId)
      .where(ownerNarrowing('evaluations', scope))
      .orderBy('evaluations.created_at', 'desc')
      .orderBy('evaluations.id')
      .execute();
    return rows.map((r) => EVALUATION_JSON.parse(r));
  }

  /** Validation evaluations of these models at one dataset version, newest first (a gain's candidates). */
  async listValidation(modelIds: readonly string[], datasetVersion: number): Promise<EvaluationWithNames[]> {
    const rows = await this.withNames()
      .where('evaluations.model_id', 'in', [...modelIds])
      .where('evaluations.subset', '=', 'validation')
      .where('evaluations.dataset_version', '=', datasetVersion)
      .orderBy('evaluations.created_at', 'desc')
      .orderBy('evaluations.id')
      .execute();
    return rows.map((r) => EVALUATION_JSON.parse(r));
  }

  /** What identifies each scored item (pair, case, kind), in report order. */
  listImageKeys(id: string): Promise<{ pair_index: number; case_index: number | null; kind: 'image' | 'volume' }[]> {
    return this.db.selectFrom('evaluation_images').select(['pair_index', 'case_index', 'kind']).where('evaluation_id', '=', id).orderBy('position').execute();
  }

  listActive(): Promise<{ id: string }[]> {
    return this.db.selectFrom('evaluations').select('id').where('state', 'in', ['queued', 'running']).execute();
  }

  listIds(): Promise<{ id: string; state: JobState }[]> {
    return this.db.selectFrom('evaluations').select(['id', 'state']).execute();
  }

  listStatesByModel(modelId: string): Promise<{ id: string; state: JobState; report_key: string }[]> {
    return this.db.selectFrom('evaluations').select(['id', 'state', 'report_key']).where('model_id', '=', modelId).execute();
  }

  async insert(row: NewEvaluationRow): Promise<void> {
    await this.db.insertInto('evaluations').values(evaluationValues(row)).execute();
  }

  async update(id: string, changes: EvaluationChanges): Promise<void> {
    await this.db.updateTable('evaluations').set(evaluationChanges(changes)).where('id', '=', id).execute();
  }

  /** The row's final numbers and its per-image results, in one commit. */
  async complete(id: string, values: EvaluationChanges, imageRows: NewEvaluationImageRow[]): Promise<void> {
    const changes = evaluationChanges(values);
    const images = imageValues(imageRows);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('evaluation_images').where('evaluation_id', '=', id).execute();
      // 12 columns x 500 rows stays under SQLite's bound-parameter cap.
      for (let i = 0; i < images.length; i += 500) {
        await tx.insertInto('evaluation_images').values(images.slice(i, i + 500)).execute();
      }
      await tx.updateTable('evaluations').set(changes).where('id', '=', id).execute();
    });
  }

  /** Writes a completed evaluation and its images, replacing what was there (resync). */
  async replace(evaluation: NewEvaluationRow, imageRows: NewEvaluationImageRow[]): Promise<void> {
    const row = evaluationValues(evaluation);
    const images = imageValues(imageRows);
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('evaluation_images').where('evaluation_id', '=', row.id).execute();
      await tx.insertInto('evaluations').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      for (let i = 0; i < images.length; i += 500) {
        await tx.insertInto('evaluation_images').values(images.slice(i, i + 500)).execute();
      }
    });
  }

  /** Worst Dice first; images without a Dice after them; failed images last. */
  async listImages(id: string): Promise<EvaluationImageRow[]> {
    const rows = await this.db
      .selectFrom('evaluation_images')
      .selectAll()
      .where('evaluation_id', '=', id)
      .orderBy(sql`error is not null`)
      .orderBy(sql`dice is null`)
      .orderBy('dice')
      .orderBy('position')
      .execute();
    return rows.map((r) => IMAGE_JSON.parse(r));
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('evaluations').where('id', '=', id).execute();
  }
}
