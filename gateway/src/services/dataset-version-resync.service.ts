import { Injectable, Logger } from '@nestjs/common';
import type { NewAnnotationRow, NewDatasetVersionRow } from '../db/schema';
import { DatasetVersionRepository } from '../repositories/dataset-version.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { type VersionRecord, annotationRow, parseAnnotationRecord, parseVersionRecord, versionRow } from './dataset-version-records';
import { datasetKeys } from './storage-layout';

/**
 * Restores a dataset's versions and annotations from versions/<n>.json and annotation.json, and
 * removes annotation folders no version names (a save that stopped before its commit marker).
 */
@Injectable()
export class DatasetVersionResyncService {
  private readonly logger = new Logger(DatasetVersionResyncService.name);

  constructor(
    private readonly storage: StorageRepository,
    private readonly versions: DatasetVersionRepository,
  ) {}

  /** The committed versions in S3, 2.. without gaps (a version after a missing one has no parent). */
  private async committed(datasetId: string): Promise<VersionRecord[]> {
    const keys = datasetKeys(datasetId);
    const numbers = new Set((await this.storage.listKeys(keys.versions)).map((k) => keys.versionOf(k)).filter((n): n is number => n !== null));
    const records: VersionRecord[] = [];
    for (let n = 2; numbers.has(n); n++) {
      const text = await this.storage.getText(keys.version(n));
      const record = text === null ? null : parseVersionRecord(text, datasetId, n);
      if (!record) {
        this.logger.warn(`Dataset ${datasetId}: ${keys.version(n)} is not a dataset version; versions from ${n} on are ignored`);
        break;
      }
      records.push(record);
    }
    return records;
  }

  /** Replaces the dataset's version and annotation rows with what S3 holds; returns how many versions. */
  async resync(datasetId: string): Promise<number> {
    const records = await this.committed(datasetId);
    const versionRows: NewDatasetVersionRow[] = [];
    const annotationRows: NewAnnotationRow[] = [];
    for (const record of records) {
      const annotations: NewAnnotationRow[] = [];
      for (const change of record.changes) {
        const key = datasetKeys(datasetId).annotation(change.annotationId).record;
        const text = await this.storage.getText(key);
        const annotation = text === null ? null : parseAnnotationRecord(text, datasetId, change.annotationId);
        if (annotation) annotations.push(annotationRow(annotation, record.version));
      }
      if (annotations.length !== record.changes.length) {
        this.logger.warn(`Dataset ${datasetId}: version ${record.version} names an annotation that is missing; versions from ${record.version} on are ignored`);
        break;
      }
      versionRows.push(versionRow(record));
      annotationRows.push(...annotations);
    }
    await this.versions.replaceAll(datasetId, versionRows, annotationRows);
    return versionRows.length;
  }

  /**
   * Removes annotation folders that no committed version names and that were written before
   * `before` (a save now in progress is newer); returns how many.
   */
  async sweep(datasetId: string, before: Date): Promise<number> {
    const keys = datasetKeys(datasetId);
    const folders = await this.storage.listFolders(keys.annotations);
    if (folders.length === 0) return 0;
    const named = new Set((await this.committed(datasetId)).flatMap((r) => r.changes.map((c) => c.annotationId)));
    let removed = 0;
    for (const folder of folders) {
      const id = keys.annotationIdOf(folder);
      if (!id || named.has(id)) continue;
      const objects = await this.storage.listKeys(folder);
      const times = await Promise.all(objects.map((k) => this.storage.lastModified(k)));
      if (times.some((t) => t !== null && new Date(t) >= before)) continue;
      await this.storage.deletePrefix(folder);
      removed++;
    }
    if (removed > 0) this.logger.log(`Dataset ${datasetId}: removed ${removed} unfinished annotation save${removed === 1 ? '' : 's'}`);
    return removed;
  }
}
