import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import type { AnnotationProposalSource, DatasetCaseRow, DatasetRow, DatasetVersionChange } from '../db/schema';
import {
  type AnnotationConflictBodyDto,
  CONFLICT_CHOICES,
  type ConflictChoice,
  PROPOSAL_SOURCES,
  type SavedAnnotationDto,
  mapAnnotation,
  userRef,
} from '../dtos/dataset-version.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import { DatasetVersionRepository } from '../repositories/dataset-version.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import type { ReceivedFile } from '../util/multipart';
import { ResourceAccess } from './access/resource-access.service';
import { datasetLimits } from './dataset-limits';
import { AuditService } from './audit.service';
import { AutoFineTuneTrigger } from './auto-fine-tune.trigger';
import { type AnnotationRecord, ANNOTATION_FORMAT, VERSION_FORMAT, type VersionRecord, annotationRow, finiteOrNull, versionRow } from './dataset-version-records';
import { DatasetVersionService, masksOf } from './dataset-version.service';
import { sourceCase } from './model-source.service';
import { datasetKeys } from './storage-layout';

/** What a save asks for, from the multipart fields (validated here: they are not a JSON body). */
export interface SaveAnnotationInput {
  mask: ReceivedFile;
  proposal?: ReceivedFile;
  fields: Record<string, string>;
}

interface SaveFields {
  baseVersion: number;
  proposalSource: AnnotationProposalSource;
  proposalModelId: string | null;
  secondsSpent: number;
  onConflict: ConflictChoice;
}

/** Without MEDSEG_DATASET_MAX_VOLUME_MB a saved mask may be this large (it is held in memory and sent in one message). */
export const DEFAULT_MAX_MASK_BYTES = 256 * 1024 * 1024;

/**
 * Saves a corrected mask as the next dataset version (hitl contract). Saves of one dataset run one
 * after another (one gateway process), so "the next n" is never taken twice; S3 is written mask
 * objects first, then annotation.json, then versions/<n>.json (the commit), and only then SQLite.
 */
@Injectable()
export class AnnotationService {
  private readonly logger = new Logger(AnnotationService.name);
  /** The tail of each dataset's queue of saves. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly datasets: DatasetRepository,
    private readonly versionRows: DatasetVersionRepository,
    private readonly versions: DatasetVersionService,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly access: ResourceAccess,
    private readonly audit: AuditService,
    private readonly autoFineTune: AutoFineTuneTrigger,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** The most bytes one uploaded mask (or proposal) may have. */
  get maxMaskBytes(): number {
    return this.config.datasets.maxVolumeBytes || DEFAULT_MAX_MASK_BYTES;
  }

  /**
   * Checks who may annotate before the upload is read: anyone who sees the dataset (its owner, admins,
   * everyone when it is shared) and may create data (the controller's MinRole).
   */
  async annotatable(caller: Caller, datasetId: string, caseIndex: number): Promise<{ dataset: DatasetRow; found: DatasetCaseRow }> {
    const dataset = await this.access.dataset(caller, datasetId);
    await this.versions.requireCases(dataset);
    const found = await this.datasets.getCase(datasetId, caseIndex);
    if (!found) throw new NotFoundException(`Dataset ${dataset.name} has no case ${caseIndex} (it has cases 0 to ${dataset.case_count - 1})`);
    return { dataset, found };
  }

  async save(caller: Caller, datasetId: string, caseIndex: number, input: SaveAnnotationInput): Promise<SavedAnnotationDto> {
    const { dataset, found } = await this.annotatable(caller, datasetId, caseIndex);
    const fields = parseFields(input.fields);
    if (fields.proposalSource === 'model' && fields.proposalModelId) await this.access.model(caller, fields.proposalModelId);
    // Refused before the ml-service decodes anything; checked again in the queue (a save may land between).
    await this.checkBase(dataset, found, fields);
    const prepared = await this.ml.prepareAnnotation({
      datasetId,
      case: sourceCase(found),
      pairIndices: Array.from({ length: found.depth }, (_, z) => found.first_pair + z),
      labelValues: dataset.stats?.labelValues ?? [0],
      mask: input.mask.data,
      maskFileName: input.mask.fileName,
      proposal: input.proposal?.data ?? Buffer.alloc(0),
      proposalFileName: input.proposal?.fileName ?? '',
      limits: datasetLimits(this.config.datasets),
    });
    const saved = await this.serialized(datasetId, () => this.commit(caller, dataset, found, fields, prepared));
    const n = saved.version.version;
    await this.audit.record(caller, 'annotated', 'dataset', datasetId, dataset.name, `case ${found.name} (${found.idx}) saved as version ${n} (from ${fields.proposalSource})`);
    // The new version may be what the dataset's auto fine-tune waited for.
    await this.autoFineTune.afterSave(datasetId);
    return saved;
  }

  private serialized<T>(datasetId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(datasetId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.queues.set(datasetId, tail);
    void tail.then(() => {
      if (this.queues.get(datasetId) === tail) this.queues.delete(datasetId);
    });
    return next;
  }

  private async commit(
    caller: Caller,
    dataset: DatasetRow,
    found: DatasetCaseRow,
    fields: SaveFields,
    prepared: Awaited<ReturnType<MlRepository['prepareAnnotation']>>,
  ): Promise<SavedAnnotationDto> {
    const latestRow = await this.checkBase(dataset, found, fields);
    const latest = latestRow?.version ?? 1;

    const n = latest + 1;
    const id = randomUUID();
    const keys = datasetKeys(dataset.id);
    const annotationKeys = keys.annotation(id);
    const createdAt = new Date().toISOString();
    const previousMasks = latestRow ? masksOf(latestRow) : new Map<number, string>();
    const record: AnnotationRecord = {
      format: ANNOTATION_FORMAT,
      id,
      datasetId: dataset.id,
      caseIndex: found.idx,
      caseName: found.name,
      baseVersion: fields.baseVersion,
      createdAt,
      createdBy: caller.id,
      proposal: { source: fields.proposalSource, modelId: fields.proposalModelId },
      secondsSpent: fields.secondsSpent,
      changedVoxels: Number(prepared.changedVoxels),
      totalVoxels: Number(prepared.totalVoxels),
      proposalDice: finiteOrNull(prepared.proposalDice),
      proposalDicePerClass: prepared.proposalDicePerClass.map(finiteOrNull),
      labelVoxels: prepared.labelVoxels,
      pairLabels: prepared.pairLabels,
      hasPng: prepared.maskPng.length > 0,
    };
    const change: DatasetVersionChange = {
      caseIndex: found.idx,
      caseName: found.name,
      annotationId: id,
      kind: found.unlabeled === 1 && !previousMasks.has(found.idx) ? 'added' : 'changed',
    };
    const version: VersionRecord = {
      format: VERSION_FORMAT,
      datasetId: dataset.id,
      version: n,
      parent: latest,
      createdAt,
      createdBy: caller.id,
      masks: { ...Object.fromEntries([...previousMasks].map(([k, v]) => [String(k), v])), [String(found.idx)]: id },
      changes: [change],
    };

    const written: string[] = [];
    const put = async (key: string, body: Uint8Array | string, type: string) => {
      written.push(key);
      await this.storage.putObject(key, body, type);
    };
    try {
      await put(annotationKeys.maskNifti, prepared.maskNifti, 'application/gzip');
      if (record.hasPng) await put(annotationKeys.maskPng, prepared.maskPng, 'image/png');
      await put(annotationKeys.maskShard, prepared.maskShard, 'application/octet-stream');
      await put(annotationKeys.record, JSON.stringify(record, null, 2), 'application/json');
      // One gateway serializes saves, but a second one on the same bucket must not be overwritten.
      if ((await this.storage.size(keys.version(n))) !== null) {
        throw new ConflictException(`Version ${n} of dataset ${dataset.name} was written by another gateway; reload the dataset and save again`);
      }
      await put(keys.version(n), JSON.stringify(version, null, 2), 'application/json');
      await this.versionRows.insertVersion(versionRow(version), [annotationRow(record, n)]);
    } catch (error) {
      await this.storage.deleteKeys(written).catch((e) => this.logger.warn(`Could not remove a failed save of dataset ${dataset.id}: ${String(e)}`));
      throw error;
    }
    this.logger.log(`Dataset ${dataset.id} version ${n}: case ${found.idx} annotated (${id})`);
    const names = await this.versions.names([caller.id]);
    const row = await this.versionRows.getVersion(dataset.id, n);
    const annotation = await this.versionRows.getAnnotation(id);
    if (!row || !annotation) throw new NotFoundException(`Version ${n} of dataset ${dataset.name} vanished; run POST /api/admin/resync`);
    return { version: await this.versions.dto(dataset, row), annotation: mapAnnotation(annotation, found.name, names) };
  }

  /** 400 for a base version that does not exist; 409 for a conflict the save does not accept. The latest version row. */
  private async checkBase(dataset: DatasetRow, found: DatasetCaseRow, fields: SaveFields) {
    const latestRow = await this.versionRows.getLatest(dataset.id);
    const latest = latestRow?.version ?? 1;
    if (fields.baseVersion > latest) {
      throw new BadRequestException(`baseVersion ${fields.baseVersion} does not exist: dataset ${dataset.name} is at version ${latest}; reload the case`);
    }
    if (fields.baseVersion < latest && fields.onConflict === 'fail') await this.refuseConflict(dataset, found, fields.baseVersion);
    return latestRow;
  }

  /** 409 with the other save when a version after `baseVersion` changed the same case. */
  private async refuseConflict(dataset: DatasetRow, found: DatasetCaseRow, baseVersion: number): Promise<void> {
    const rows = await this.versionRows.listVersions(dataset.id);
    const other = rows
      .filter((r) => r.version > baseVersion)
      .reverse()
      .map((r) => ({ row: r, change: r.changes.find((c) => c.caseIndex === found.idx) }))
      .find((x) => x.change);
    if (!other?.change) return;
    const names = await this.versions.names([other.row.created_by]);
    const createdBy = userRef(other.row.created_by, names);
    const body: AnnotationConflictBodyDto = {
      statusCode: 409,
      message:
        `Case ${found.name} was saved by ${createdBy?.name || 'someone else'} in version ${other.row.version} after version ${baseVersion}, ` +
        'which you opened; merge the two masks and save with the latest baseVersion, or send onConflict=keep-both',
      conflict: {
        caseIndex: found.idx,
        version: other.row.version,
        annotationId: other.change.annotationId,
        createdBy,
        createdAt: other.row.created_at,
        maskUrl: `/api/datasets/${dataset.id}/cases/${found.idx}/mask.nii.gz?version=${other.row.version}`,
      },
    };
    throw new ConflictException(body);
  }
}

function parseFields(fields: Record<string, string>): SaveFields {
  const baseVersion = Number(fields.baseVersion);
  if (!fields.baseVersion || !Number.isInteger(baseVersion) || baseVersion < 1) {
    throw new BadRequestException('baseVersion must be the version you opened (a whole number, 1 or more)');
  }
  const proposalSource = fields.proposalSource as AnnotationProposalSource;
  if (!PROPOSAL_SOURCES.includes(proposalSource)) throw new BadRequestException(`proposalSource must be one of ${PROPOSAL_SOURCES.join(', ')}`);
  const proposalModelId = fields.proposalModelId?.trim() || null;
  if (proposalSource === 'model' && !proposalModelId) throw new BadRequestException('proposalModelId is required when proposalSource is model');
  if (proposalModelId && !/^[0-9a-f-]{36}$/i.test(proposalModelId)) throw new BadRequestException('proposalModelId must be a model id (a UUID)');
  const secondsSpent = fields.secondsSpent === undefined || fields.secondsSpent === '' ? 0 : Number(fields.secondsSpent);
  if (!Number.isFinite(secondsSpent) || secondsSpent < 0) throw new BadRequestException('secondsSpent must be a number of seconds, 0 or more');
  const onConflict = (fields.onConflict || 'fail') as ConflictChoice;
  if (!CONFLICT_CHOICES.includes(onConflict)) throw new BadRequestException(`onConflict must be one of ${CONFLICT_CHOICES.join(', ')}`);
  return { baseVersion, proposalSource, proposalModelId: proposalSource === 'model' ? proposalModelId : null, secondsSpent, onConflict };
}
