import { Inject, Injectable } from '@nestjs/common';
import { type Insertable, type Kysely } from 'kysely';
import { JsonColumns } from '../db/json-columns';
import type {
  AnnotationJson,
  AnnotationRow,
  AnnotationTable,
  Database,
  DatasetVersionJson,
  DatasetVersionRow,
  DatasetVersionTable,
  NewAnnotationRow,
  NewDatasetVersionRow,
} from '../db/schema';
import { DATABASE } from '../tokens';

const VERSION_JSON = new JsonColumns<DatasetVersionJson>(['masks', 'changes']);
const ANNOTATION_JSON = new JsonColumns<AnnotationJson>(['label_voxels']);

/** SQLite rows of dataset versions (n >= 2) and the annotations they commit: one query per method. */
@Injectable()
export class DatasetVersionRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  /** Versions 2.. oldest first. */
  async listVersions(datasetId: string): Promise<DatasetVersionRow[]> {
    const rows = await this.db.selectFrom('dataset_versions').selectAll().where('dataset_id', '=', datasetId).orderBy('version').execute();
    return rows.map((r) => VERSION_JSON.parse(r));
  }

  async getVersion(datasetId: string, version: number): Promise<DatasetVersionRow | undefined> {
    const row = await this.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && VERSION_JSON.parse(row);
  }

  /** The newest version row, or undefined: the dataset is as uploaded (version 1). */
  async getLatest(datasetId: string): Promise<DatasetVersionRow | undefined> {
    const row = await this.db
      .selectFrom('dataset_versions')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && VERSION_JSON.parse(row);
  }

  /** The latest version number of each dataset given (absent: 1). */
  async latestByDataset(datasetIds: string[]): Promise<Map<string, number>> {
    if (datasetIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('dataset_versions')
      .select(['dataset_id', (eb) => eb.fn.max<number>('version').as('latest')])
      .where('dataset_id', 'in', datasetIds)
      .groupBy('dataset_id')
      .execute();
    return new Map(rows.map((r) => [r.dataset_id, Number(r.latest)]));
  }

  /** Commits one save: the version and the annotations it names, together or not at all. */
  async insertVersion(version: NewDatasetVersionRow, annotations: NewAnnotationRow[]): Promise<void> {
    const row = VERSION_JSON.serialize<Insertable<DatasetVersionTable>>(version);
    const rows = annotations.map((a) => ANNOTATION_JSON.serialize<Insertable<AnnotationTable>>(a));
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('dataset_versions').values(row).execute();
      if (rows.length > 0) await tx.insertInto('annotations').values(rows).execute();
    });
  }

  /** Replaces a dataset's versions and annotations with what S3 holds (resync). */
  async replaceAll(datasetId: string, versions: NewDatasetVersionRow[], annotations: NewAnnotationRow[]): Promise<void> {
    const versionRows = versions.map((v) => VERSION_JSON.serialize<Insertable<DatasetVersionTable>>(v));
    const annotationRows = annotations.map((a) => ANNOTATION_JSON.serialize<Insertable<AnnotationTable>>(a));
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('annotations').where('dataset_id', '=', datasetId).execute();
      await tx.deleteFrom('dataset_versions').where('dataset_id', '=', datasetId).execute();
      for (const row of versionRows) await tx.insertInto('dataset_versions').values(row).execute();
      for (const row of annotationRows) await tx.insertInto('annotations').values(row).execute();
    });
  }

  async getAnnotation(id: string): Promise<AnnotationRow | undefined> {
    const row = await this.db.selectFrom('annotations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && ANNOTATION_JSON.parse(row);
  }

  /** The annotations whose ids are given (a version's masks). */
  async listAnnotationsById(ids: string[]): Promise<AnnotationRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('annotations').selectAll().where('id', 'in', ids).execute();
    return rows.map((r) => ANNOTATION_JSON.parse(r));
  }

  /** One case's saves, oldest first. */
  async listCaseAnnotations(datasetId: string, caseIndex: number): Promise<AnnotationRow[]> {
    const rows = await this.db
      .selectFrom('annotations')
      .selectAll()
      .where('dataset_id', '=', datasetId)
      .where('case_index', '=', caseIndex)
      .orderBy('version')
      .execute();
    return rows.map((r) => ANNOTATION_JSON.parse(r));
  }

  /** Every annotation id a dataset has in SQLite (the start-up sweep keeps these). */
  async listAnnotationIds(datasetId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('annotations').select('id').where('dataset_id', '=', datasetId).execute();
    return rows.map((r) => r.id);
  }
}
