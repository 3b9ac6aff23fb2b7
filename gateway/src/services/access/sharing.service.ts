import { Injectable, Logger } from '@nestjs/common';
import type { Visibility } from '../../dtos/owner.dto';
import { VISIBILITIES } from '../../dtos/owner.dto';
import { DatasetRepository } from '../../repositories/dataset.repository';
import { ModelRepository } from '../../repositories/model.repository';
import { StorageRepository } from '../../repositories/storage.repository';
import { datasetKeys, modelKeys } from '../storage-layout';

export type ShareableKind = 'dataset' | 'model';

/** datasets/<id>/sharing.json and models/<id>/sharing.json. */
interface SharingRecord {
  visibility: Visibility;
  updated_at: string;
  updated_by: string;
}

const sharingKey = (kind: ShareableKind, id: string) => (kind === 'dataset' ? datasetKeys(id).sharing : modelKeys(id).sharing);

/** The visibility of datasets and models: S3 first (the truth), then the SQLite cache. */
@Injectable()
export class SharingService {
  private readonly logger = new Logger(SharingService.name);

  constructor(
    private readonly storage: StorageRepository,
    private readonly datasets: DatasetRepository,
    private readonly models: ModelRepository,
  ) {}

  async set(kind: ShareableKind, id: string, visibility: Visibility, by: string): Promise<void> {
    const record: SharingRecord = { visibility, updated_at: new Date().toISOString(), updated_by: by };
    await this.storage.putObject(sharingKey(kind, id), JSON.stringify(record), 'application/json');
    if (kind === 'dataset') await this.datasets.update(id, { visibility });
    else await this.models.update(id, { visibility });
    this.logger.log(`${kind === 'dataset' ? 'Dataset' : 'Model'} ${id}: ${visibility} (by user ${by})`);
  }

  /** What a resync restores: the stored record, else private for an owned thing and shared for an ownerless one. */
  async read(kind: ShareableKind, id: string, ownerId: string | null): Promise<Visibility> {
    const fallback: Visibility = ownerId === null ? 'shared' : 'private';
    const text = await this.storage.getText(sharingKey(kind, id));
    if (text === null) return fallback;
    try {
      const value = (JSON.parse(text) as Partial<SharingRecord>).visibility;
      return VISIBILITIES.includes(value as Visibility) ? (value as Visibility) : fallback;
    } catch {
      return fallback;
    }
  }
}
