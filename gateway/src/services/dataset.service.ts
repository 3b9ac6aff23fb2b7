import type { Readable } from 'node:stream';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type DatasetDetailDto,
  type DatasetDto,
  type DatasetListQueryDto,
  type DatasetPageDto,
  type PairListQueryDto,
  type PairPageDto,
  mapDataset,
  mapDatasetDetail,
  mapPair,
} from '../dtos/dataset.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { datasetKeys } from './storage-layout';
import { DatasetInspectionService } from './dataset-inspection.service';
import type { Caller } from '../auth/caller';
import type { Visibility } from '../dtos/owner.dto';
import { scopeOf } from './access/access-rules';
import { ResourceAccess } from './access/resource-access.service';
import { SharingService } from './access/sharing.service';

export interface PairImage {
  body: Readable;
  contentLength?: number;
}

@Injectable()
export class DatasetService {
  private readonly logger = new Logger(DatasetService.name);

  constructor(
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly inspection: DatasetInspectionService,
    private readonly access: ResourceAccess,
    private readonly sharing: SharingService,
  ) {}

  async list(caller: Caller, query: DatasetListQueryDto): Promise<DatasetPageDto> {
    const filter = { ...query, scope: scopeOf(caller, query.owner) };
    const [rows, total] = await Promise.all([
      this.datasets.list(query.sort, query.order, (query.page - 1) * query.pageSize, query.pageSize, filter),
      this.datasets.count(filter),
    ]);
    const owned = await this.access.ownedAll(caller, rows);
    return { items: rows.map((r, i) => mapDataset(r, owned[i])), total, page: query.page, pageSize: query.pageSize };
  }

  async get(caller: Caller, id: string): Promise<DatasetDetailDto> {
    const row = await this.access.dataset(caller, id);
    return mapDatasetDetail(row, await this.access.owned(caller, row));
  }

  /** Shares a dataset with the lab or makes it private again (its owner or an admin). */
  async setVisibility(caller: Caller, id: string, visibility: Visibility): Promise<DatasetDetailDto> {
    const row = await this.access.changeableDataset(caller, id, 'change who sees this dataset');
    if (row.visibility !== visibility) await this.sharing.set('dataset', id, visibility, caller.id);
    return this.get(caller, id);
  }

  async pairs(caller: Caller, id: string, query: PairListQueryDto): Promise<PairPageDto> {
    const row = await this.access.dataset(caller, id);
    const search = query.q?.trim() || undefined;
    const [rows, total] = await Promise.all([
      this.datasets.listPairs(id, (query.page - 1) * query.pageSize, query.pageSize, search),
      search ? this.datasets.countPairs(id, search) : row.pair_count,
    ]);
    return { items: rows.map(mapPair), total, page: query.page, pageSize: query.pageSize };
  }

  /** The pair's image with its mask drawn over it, as PNG: `thumbnail` (160 px) or `preview` (512 px). */
  async pairImage(caller: Caller, id: string, index: number, kind: 'thumbnail' | 'preview'): Promise<PairImage> {
    const row = await this.access.dataset(caller, id);
    const pair = await this.datasets.getPair(id, index);
    if (!pair) throw new NotFoundException(`Dataset ${id} has no pair ${index} (it has ${row.pair_count})`);
    const object = await this.storage.getObjectStream(kind === 'thumbnail' ? pair.thumbnail_key : pair.preview_key);
    if (!object) throw new NotFoundException(`The ${kind} of pair ${index} is missing from storage; run POST /api/admin/resync`);
    return { body: object.body, contentLength: object.contentLength };
  }

  /** Removes the dataset from S3 (manifest first, so a crash midway never resurrects it) and SQLite. */
  async delete(caller: Caller, id: string): Promise<DatasetDto> {
    const row = await this.access.changeableDataset(caller, id, 'delete this dataset');
    const owned = await this.access.owned(caller, row);
    if (row.status === 'uploaded' || this.inspection.isBusy(id)) {
      throw new ConflictException(`Dataset ${row.name} is still being inspected; delete it once it is ready or failed`);
    }
    // Checked before anything is removed from S3, so a refused delete leaves the dataset whole.
    // The counts include models the caller may not see: they are what keeps the dataset, and no name is told.
    const { training, other } = await this.datasets.countModels(id);
    if (training > 0) {
      throw new ConflictException(
        `Dataset ${row.name} is used by ${training} training job${training === 1 ? '' : 's'}; cancel or wait for ${training === 1 ? 'it' : 'them'} before deleting`,
      );
    }
    if (other > 0) {
      throw new ConflictException(
        `Dataset ${row.name} has ${other} model${other === 1 ? '' : 's'} trained on it (their cards name it); delete ${other === 1 ? 'that model' : 'those models'} first`,
      );
    }
    await this.storage.deleteKeys([datasetKeys(id).manifest]);
    const removed = await this.storage.deletePrefix(datasetKeys(id).prefix);
    await this.datasets.delete(id);
    this.logger.log(`Dataset ${id} deleted (${removed} objects)`);
    return mapDataset(row, owned);
  }
}
