import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { SseMessage } from '../util/sse';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import { type BatchDto, type BatchWithModel, mapBatch } from '../dtos/batch.dto';
import type { BatchArchive, BatchTargets } from '../generated/medseg/v1/batch_service';
import type { DatasetSource } from '../generated/medseg/v1/sources';
import { BatchRepository } from '../repositories/batch.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import type { IncomingFile } from '../util/multipart';
import { archiveHttpError, storeArchive } from './archive-upload';
import { datasetLimits } from './dataset-limits';
import { AuditService } from './audit.service';
import { JobStreamService } from './job-stream.service';
import { PRESIGN_S, batchKeys } from './storage-layout';
import { JobWatchService } from './job-watch.service';
import { ReportJobs } from './report-jobs';
import { type CompletedModel, ModelSourceService } from './model-source.service';
import type { OwnerFilter } from '../dtos/owner.dto';
import { ResourceAccess } from './access/resource-access.service';

export type BatchFile = 'masks' | 'csv' | 'report';

/**
 * Batch inference of a completed model over a ZIP of images (streamed into S3 first, then read by
 * the ml-service through a presigned URL) or over every pair of a dataset.
 */
@Injectable()
export class BatchService {
  private readonly logger = new Logger(BatchService.name);
  private readonly jobs: ReportJobs<BatchWithModel, BatchDto>;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly batches: BatchRepository,
    private readonly access: ResourceAccess,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly watch: JobWatchService,
    streams: JobStreamService,
    private readonly audit: AuditService,
  ) {
    this.jobs = new ReportJobs(
      {
        kind: 'batch',
        label: 'Batch',
        find: (caller, id) => access.batch(caller, id),
        listByModel: (id, scope) => batches.listByModel(id, scope),
        map: (row, owned, caller) => mapBatch({ ...row, input_name: this.inputName(caller, row) }, owned),
      },
      { access, watch, streams },
    );
  }

  /** A ZIP of images, streamed into S3 before the job is queued. */
  async createFromUpload(caller: Caller, modelId: string, file: IncomingFile, testTimeMirroring = false): Promise<BatchDto> {
    const model = await this.sources.completed(caller, modelId, 'run a batch with');
    const id = randomUUID();
    const keys = batchKeys(id);
    const bytes = await this.store(file.stream, file.fileName, keys.input, file.signal);
    try {
      const archive: BatchArchive = { url: await this.storage.presignGet(keys.input, PRESIGN_S.job), fileName: file.fileName };
      return await this.start(caller, id, model, { archive }, { source: 'archive', input_name: file.fileName, dataset_id: null, input_bytes: bytes }, testTimeMirroring);
    } catch (error) {
      await this.storage.deletePrefix(keys.prefix).catch(() => undefined);
      throw error;
    }
  }

  async createFromDataset(caller: Caller, modelId: string, datasetId: string, testTimeMirroring = false): Promise<BatchDto> {
    const model = await this.sources.completed(caller, modelId, 'run a batch with');
    const dataset = await this.sources.readyFor(caller, datasetId, model, 'run a batch on');
    // Unlabeled cases too: a batch segments them (never scores them), one item per case.
    const pairs = await this.sources.inferencePairs(datasetId);
    if (pairs.length === 0) throw new ConflictException(`Dataset ${dataset.row.name} has no pairs`);
    const trainingDataset: DatasetSource = await this.sources.trainingDataset(dataset, model, pairs);
    return this.start(caller, randomUUID(), model, { dataset: trainingDataset }, { source: 'dataset', input_name: dataset.row.name, dataset_id: datasetId, input_bytes: 0 }, testTimeMirroring);
  }

  list(caller: Caller, modelId: string, owner?: OwnerFilter): Promise<BatchDto[]> {
    return this.jobs.list(caller, modelId, owner);
  }

  get(caller: Caller, id: string): Promise<BatchDto> {
    return this.jobs.get(caller, id);
  }

  /** An output of a completed batch, with the file name a download should get. */
  async file(caller: Caller, id: string, kind: BatchFile): Promise<{ body: Readable; contentLength?: number; fileName: string }> {
    const row = await this.jobs.completed(caller, id, 'outputs');
    const keys = batchKeys(id);
    const key = kind === 'masks' ? keys.masks : kind === 'csv' ? keys.csv : keys.report;
    const object = await this.storage.getObjectStream(key);
    if (!object) throw new NotFoundException(`${key} is missing from storage`);
    const stem = this.inputName(caller, row).replace(/\.zip$/i, '').replace(/[^\w.-]+/g, '_') || 'batch';
    const fileName = kind === 'masks' ? `${stem}-masks.zip` : kind === 'csv' ? `${stem}-results.csv` : `${stem}-batch.json`;
    return { ...object, fileName };
  }

  /** The batch's SSE stream: snapshot (the DTO), then its job events. */
  events(caller: Caller, id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.jobs.events(caller, id, lastEventId);
  }

  async cancel(caller: Caller, id: string): Promise<BatchDto> {
    const batch = await this.jobs.cancel(caller, id);
    await this.audit.record(caller, 'cancelled', 'batch', id, batch.modelName, `on ${batch.inputName}`);
    return batch;
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const row = await this.jobs.deletable(caller, id);
    // The report first: without it a half-deleted prefix is never restored by a resync.
    await this.storage.deleteKeys([batchKeys(id).report]);
    await this.storage.deletePrefix(batchKeys(id).prefix);
    await this.batches.delete(id);
    this.logger.log(`Batch ${id} deleted`);
    await this.audit.record(caller, 'deleted', 'batch', id, row.model_name, `on ${row.input_name}`);
  }

  /** The ZIP's name, or the dataset's when the caller may see that dataset (else ''). */
  private inputName(caller: Caller, row: BatchWithModel): string {
    return row.source === 'dataset' ? this.access.datasetName(caller, { ...row, dataset_name: row.input_name }) : row.input_name;
  }

  private async start(
    caller: Caller,
    id: string,
    model: CompletedModel,
    input: { archive?: BatchArchive; dataset?: DatasetSource },
    row: { source: 'archive' | 'dataset'; input_name: string; dataset_id: string | null; input_bytes: number },
    testTimeMirroring: boolean,
  ): Promise<BatchDto> {
    const keys = batchKeys(id);
    const [masksUrl, csvUrl, reportUrl] = await Promise.all([
      this.storage.presignPut(keys.masks, PRESIGN_S.job),
      this.storage.presignPut(keys.csv, PRESIGN_S.job),
      this.storage.presignPut(keys.report, PRESIGN_S.job),
    ]);
    const targets: BatchTargets = { masksUrl, csvUrl, reportUrl };
    await this.batches.insert({ id, model_id: model.row.id, ...row, owner_id: caller.id, state: 'queued', error: null, created_at: new Date().toISOString(), finished_at: null, test_time_mirroring: testTimeMirroring ? 1 : 0 });
    try {
      const { job } = await this.ml.startBatchJob({ jobId: id, model: model.source, ...input, targets, batchSize: 0, limits: datasetLimits(this.config.datasets), ownerId: caller.id, testTimeMirroring });
      await this.batches.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      await this.batches.delete(id);
      throw error;
    }
    this.logger.log(`Batch ${id}: queued for model ${model.row.id} on ${row.source} "${row.input_name}"`);
    await this.audit.record(caller, 'created', 'batch', id, model.row.name, `on ${row.source} ${row.input_name}`);
    this.watch.attach('batch', id);
    return this.get(caller, id);
  }

  private async store(source: Readable, fileName: string, key: string, signal: AbortSignal): Promise<number> {
    try {
      return await storeArchive(this.storage, key, source, { fileName, maxBytes: this.config.datasets.maxArchiveBytes, signal });
    } catch (error) {
      throw archiveHttpError(error, signal, (e) => {
        const what = e.message.includes(' is empty') ? 'is empty' : 'is not a ZIP archive';
        return `${fileName} ${what}; put the images in a .zip file and upload that`;
      });
    }
  }
}
