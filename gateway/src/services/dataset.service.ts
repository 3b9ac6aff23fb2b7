import type { Readable } from 'node:stream';
import type { Caller } from '../auth/caller';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  type CaseListQueryDto,
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
import { type CasePageDto, mapCase } from '../dtos/dataset-volume.dto';
import type { DatasetCaseRow, DatasetRow } from '../db/schema';
import { DatasetRepository } from '../repositories/dataset.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { AuditService } from './audit.service';
import { datasetKeys } from './storage-layout';
import { DatasetInspectionService } from './dataset-inspection.service';
import type { Visibility } from '../dtos/owner.dto';
import { scopeOf } from './access/access-rules';
import { ResourceAccess } from './access/resource-access.service';
import { SharingService } from './access/sharing.service';
import { DatasetVersionService } from './dataset-version.service';
import { DatasetVersionRepository } from '../repositories/dataset-version.repository';

export interface PairImage {
  body: Readable;
  contentLength?: number;
}

/** A case's viewer volume: `image` (one channel) or `mask` (label values), gzipped NIfTI. */
export type CaseVolumeKind = 'image' | 'mask';

@Injectable()
export class DatasetService {
  private readonly logger = new Logger(DatasetService.name);

  constructor(
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly inspection: DatasetInspectionService,
    private readonly audit: AuditService,
    private readonly access: ResourceAccess,
    private readonly sharing: SharingService,
    private readonly versions: DatasetVersionService,
    private readonly versionRows: DatasetVersionRepository,
  ) {}

  async list(caller: Caller, query: DatasetListQueryDto): Promise<DatasetPageDto> {
    const filter = { ...query, scope: scopeOf(caller, query.owner) };
    const [rows, total] = await Promise.all([
      this.datasets.list(query.sort, query.order, (query.page - 1) * query.pageSize, query.pageSize, filter),
      this.datasets.count(filter),
    ]);
    const [owned, latest] = await Promise.all([this.access.ownedAll(caller, rows), this.versions.latestOf(rows.map((r) => r.id))]);
    return { items: rows.map((r, i) => mapDataset(r, owned[i], latest.get(r.id) ?? 1)), total, page: query.page, pageSize: query.pageSize };
  }

  async get(caller: Caller, id: string): Promise<DatasetDetailDto> {
    const row = await this.access.dataset(caller, id);
    return mapDatasetDetail(row, await this.access.owned(caller, row), await this.versions.latest(id));
  }

  /** Shares a dataset with the lab or makes it private again (its owner or an admin). */
  async setVisibility(caller: Caller, id: string, visibility: Visibility): Promise<DatasetDetailDto> {
    const row = await this.access.changeableDataset(caller, id, 'change who sees this dataset');
    if (row.visibility !== visibility) {
      await this.sharing.set('dataset', id, visibility, caller.id);
      await this.audit.record(caller, visibility === 'shared' ? 'shared' : 'unshared', 'dataset', id, row.name);
    }
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

  /** The dataset's cases in index order as of `version` (default latest), a page of at most MAX_CASES_PER_PAGE. */
  async cases(caller: Caller, id: string, query: CaseListQueryDto): Promise<CasePageDto> {
    const row = await this.access.dataset(caller, id);
    const state = await this.versions.state(row, query.version);
    const rows = await this.datasets.listCases(id, (query.page - 1) * query.pageSize, query.pageSize);
    const items = rows.map((c) => mapCase(c, { version: state.version, latest: state.latest, annotationId: state.masks.get(c.idx) ?? null }));
    return { items, total: row.case_count, page: query.page, pageSize: query.pageSize };
  }

  /** One case of a dataset the caller may see (404 naming how many it has). */
  async case(caller: Caller, id: string, index: number): Promise<DatasetCaseRow> {
    const row = await this.access.dataset(caller, id);
    const found = await this.datasets.getCase(id, index);
    if (!found) {
      throw new NotFoundException(
        row.case_count === 0
          ? `Dataset ${row.name} has no volumes (its pairs are 2D images); open a pair's preview instead`
          : `Dataset ${row.name} has no case ${index} (it has cases 0 to ${row.case_count - 1})`,
      );
    }
    return found;
  }

  /** A case's gzipped NIfTI volume on the input's own grid, for the viewer. */
  async caseVolume(caller: Caller, id: string, index: number, kind: CaseVolumeKind, channel = 0, version?: number): Promise<PairImage> {
    const found = await this.case(caller, id, index);
    const keys = datasetKeys(id);
    if (kind === 'mask') {
      const state = await this.versions.state(await this.access.dataset(caller, id), version);
      const annotationId = state.masks.get(index);
      if (annotationId) return this.annotationMask(annotationId, found.name, state.version);
      if (found.unlabeled === 1) throw new NotFoundException(`Case ${found.name} is unlabeled in version ${state.version}: it has no mask`);
    }
    if (kind === 'image' && channel >= found.channels) {
      throw new NotFoundException(
        `Case ${found.name} has ${found.channels} channel${found.channels === 1 ? '' : 's'}; ask for channel 0${found.channels > 1 ? ` to ${found.channels - 1}` : ''}`,
      );
    }
    const object = await this.storage.getObjectStream(kind === 'mask' ? keys.caseMask(index) : keys.caseImage(index, channel));
    if (!object) throw new NotFoundException(`The ${kind} volume of case ${found.name} is missing from storage; upload the dataset again`);
    return { body: object.body, contentLength: object.contentLength };
  }

  private async annotationMask(annotationId: string, caseName: string, version: number): Promise<PairImage> {
    const annotation = await this.versionRows.getAnnotation(annotationId);
    const object = annotation && (await this.storage.getObjectStream(annotation.mask_key));
    if (!object) throw new NotFoundException(`The mask of case ${caseName} in version ${version} is missing from storage; run POST /api/admin/resync`);
    return { body: object.body, contentLength: object.contentLength };
  }

  /** The row of a dataset the caller may see (404 otherwise). */
  visible(caller: Caller, datasetId: string): Promise<DatasetRow> {
    return this.access.dataset(caller, datasetId);
  }

  /**
   * Removes the dataset from S3 (manifest first, so a crash midway never resurrects it) and SQLite.
   * One still in inspection has its inspection stopped first, and what it stored removed.
   */
  async delete(caller: Caller, id: string): Promise<DatasetDto> {
    const row = await this.access.changeableDataset(caller, id, 'delete this dataset');
    const owned = await this.access.owned(caller, row);
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
    await this.inspection.cancel(id);
    await this.storage.deleteKeys([datasetKeys(id).manifest]);
    const removed = await this.storage.deletePrefix(datasetKeys(id).prefix);
    await this.datasets.delete(id);
    this.logger.log(`Dataset ${id} deleted (${removed} objects)`);
    await this.audit.record(caller, 'deleted', 'dataset', id, row.name);
    return mapDataset(row, owned);
  }
}
