import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { DatasetAutoFineTuneRow } from '../db/schema';
import type { AutoFineTuneDto, SetAutoFineTuneDto } from '../dtos/auto-fine-tune.dto';
import { userRef } from '../dtos/dataset-version.dto';
import { AutoFineTuneRepository } from '../repositories/auto-fine-tune.repository';
import { DatasetVersionRepository } from '../repositories/dataset-version.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { ResourceAccess } from './access/resource-access.service';
import { type AutoFineTunePlan, planAutoFineTune } from './auto-fine-tune-plan';
import { AUTO_FINE_TUNE_FORMAT, type AutoFineTuneRecord, autoFineTuneRow, parseAutoFineTuneRecord } from './auto-fine-tune-record';
import { AuditService } from './audit.service';
import { DatasetVersionService } from './dataset-version.service';
import { ModelSourceService } from './model-source.service';
import { datasetKeys } from './storage-layout';

/** The N shown before anyone set the rule. */
const DEFAULT_NEW_MASKS = 10;

/**
 * A dataset's auto fine-tune rule (issue 13: "a lab can leave it running"): after N new masks, a
 * fine-tune of the newest model of the chosen lineage on the latest version. Set by the dataset's
 * owner or an admin, stored in S3 (the truth) and cached in SQLite; auto-fine-tune.trigger.ts acts on it.
 */
@Injectable()
export class AutoFineTuneService {
  private readonly logger = new Logger(AutoFineTuneService.name);

  constructor(
    private readonly rules: AutoFineTuneRepository,
    private readonly models: ModelRepository,
    private readonly versionRows: DatasetVersionRepository,
    private readonly versions: DatasetVersionService,
    private readonly sources: ModelSourceService,
    private readonly storage: StorageRepository,
    private readonly access: ResourceAccess,
    private readonly audit: AuditService,
  ) {}

  async get(caller: Caller, datasetId: string): Promise<AutoFineTuneDto> {
    await this.access.dataset(caller, datasetId);
    return this.dto(datasetId, await this.rules.get(datasetId));
  }

  /** Replaces the rule (owner or admin); the model must be a completed one of this dataset. */
  async set(caller: Caller, datasetId: string, body: SetAutoFineTuneDto): Promise<AutoFineTuneDto> {
    const dataset = await this.access.changeableDataset(caller, datasetId, 'set the auto fine-tune of this dataset');
    const model = await this.sources.completed(caller, body.modelId, 'fine-tune').catch((error: unknown) => {
      // A body field naming nothing the caller may see is a bad request, not a missing dataset.
      if (error instanceof NotFoundException) throw new BadRequestException(`modelId ${body.modelId} is not a model you may see; choose a completed model of dataset ${dataset.name}`);
      throw error;
    });
    if (model.row.dataset_id !== datasetId) {
      throw new BadRequestException(`Model ${model.row.name} was trained on another dataset; choose a completed model of dataset ${dataset.name}`);
    }
    const record: AutoFineTuneRecord = {
      format: AUTO_FINE_TUNE_FORMAT,
      datasetId,
      enabled: body.enabled,
      modelId: body.modelId,
      newMasks: body.newMasks,
      updatedAt: new Date().toISOString(),
      updatedBy: caller.id,
    };
    await this.storage.putObject(datasetKeys(datasetId).autoFineTune, JSON.stringify(record, null, 2), 'application/json');
    await this.rules.upsert(autoFineTuneRow(record));
    const what = `auto fine-tune ${body.enabled ? 'on' : 'off'}: model ${model.row.name} version ${model.row.version}, after ${body.newMasks} new masks`;
    this.logger.log(`Dataset ${datasetId}: ${what}`);
    await this.audit.record(caller, 'settings_changed', 'dataset', datasetId, dataset.name, what);
    return this.dto(datasetId, await this.rules.get(datasetId));
  }

  /** What the rule would do now (the trigger's decision and the page's counter are the same). */
  async plan(row: DatasetAutoFineTuneRow): Promise<AutoFineTunePlan> {
    const [models, versions] = await Promise.all([this.models.listLineage(row.dataset_id), this.versionRows.listVersions(row.dataset_id)]);
    return planAutoFineTune(models, row.model_id, row.new_masks, new Map(versions.map((v) => [v.version, v.changes.length])));
  }

  /** Restores the dataset's rule from S3 (resync); none there removes the cached one. */
  async resync(datasetId: string): Promise<void> {
    const text = await this.storage.getText(datasetKeys(datasetId).autoFineTune);
    const record = text === null ? null : parseAutoFineTuneRecord(text, datasetId);
    if (text !== null && !record) this.logger.warn(`Dataset ${datasetId}: ${datasetKeys(datasetId).autoFineTune} is not an auto fine-tune rule; ignored`);
    if (record) await this.rules.upsert(autoFineTuneRow(record));
    else await this.rules.delete(datasetId);
  }

  private async dto(datasetId: string, row: DatasetAutoFineTuneRow | undefined): Promise<AutoFineTuneDto> {
    if (!row) {
      return {
        datasetId,
        enabled: false,
        modelId: null,
        newMasks: DEFAULT_NEW_MASKS,
        updatedAt: null,
        updatedBy: null,
        nextFromModelId: null,
        sinceVersion: 1,
        newMasksSince: 0,
        activeModelId: null,
        lastModelId: null,
      };
    }
    const [plan, names] = await Promise.all([this.plan(row), this.versions.names([row.updated_by])]);
    return {
      datasetId,
      enabled: row.enabled === 1,
      modelId: row.model_id,
      newMasks: row.new_masks,
      updatedAt: row.updated_at,
      updatedBy: userRef(row.updated_by, names),
      nextFromModelId: plan.from?.id ?? null,
      sinceVersion: plan.sinceVersion,
      newMasksSince: plan.newMasks,
      activeModelId: plan.active?.id ?? null,
      lastModelId: plan.last?.id ?? null,
    };
  }
}
