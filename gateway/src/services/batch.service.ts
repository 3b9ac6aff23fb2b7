import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { SseMessage } from '../util/sse';
import type { GatewayConfig } from '../config';
import { type BatchDto, mapBatch } from '../dtos/batch.dto';
import { ACTIVE_JOB_STATES } from '../dtos/job.dto';
import type { BatchArchive, BatchTargets } from '../generated/medseg/v1/batch_service';
import type { DatasetSource } from '../generated/medseg/v1/sources';
import { BatchRepository } from '../repositories/batch.repository';
import { MlRepository } from '../repositories/ml.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import { ArchiveGuard, NotZipError, TooLargeError } from '../util/archive-guard';
import { JobStreamService } from './job-stream.service';
import { batchKeys } from './job-keys';
import { JobWatchService } from './job-watch.service';
import { type CompletedModel, JOB_PRESIGN_S, ModelSourceService } from './model-source.service';

export type BatchFile = 'masks' | 'csv' | 'report';

/**
 * Batch inference of a completed model over a ZIP of images (streamed into S3 first, then read by
 * the ml-service through a presigned URL) or over every pair of a dataset.
 */
@Injectable()
export class BatchService {
  private readonly logger = new Logger(BatchService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly batches: BatchRepository,
    private readonly models: ModelRepository,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly watch: JobWatchService,
    private readonly streams: JobStreamService,
  ) {}

  /** multipart/form-data with one file field `file`: a ZIP of images. */
  async createFromUpload(modelId: string, req: Request): Promise<BatchDto> {
    if (!req.is('multipart/form-data')) {
      throw new UnsupportedMediaTypeException('Send the ZIP as multipart/form-data with a file field named "file", or JSON {"datasetId": "..."}');
    }
    const model = await this.sources.completed(modelId, 'run a batch with');
    const id = randomUUID();
    const { fileName, bytes } = await this.receive(req, batchKeys(id).input);
    try {
      const archive: BatchArchive = { url: await this.storage.presignGet(batchKeys(id).input, JOB_PRESIGN_S), fileName };
      return await this.start(id, model, { archive }, { source: 'archive', input_name: fileName, dataset_id: null, input_bytes: bytes });
    } catch (error) {
      await this.storage.deletePrefix(batchKeys(id).prefix).catch(() => undefined);
      throw error;
    }
  }

  async createFromDataset(modelId: string, datasetId: string): Promise<BatchDto> {
    const model = await this.sources.completed(modelId, 'run a batch with');
    const dataset = await this.sources.readyFor(datasetId, model, 'run a batch on');
    const pairs = await this.sources.pairs(datasetId);
    if (pairs.length === 0) throw new ConflictException(`Dataset ${dataset.row.name} has no pairs`);
    const trainingDataset: DatasetSource = await this.sources.trainingDataset(dataset, model, pairs);
    return this.start(randomUUID(), model, { dataset: trainingDataset }, { source: 'dataset', input_name: dataset.row.name, dataset_id: datasetId, input_bytes: 0 });
  }

  async list(modelId: string): Promise<BatchDto[]> {
    if (!(await this.models.getById(modelId))) throw new NotFoundException(`Model ${modelId} not found`);
    return (await this.batches.listByModel(modelId)).map(mapBatch);
  }

  async get(id: string): Promise<BatchDto> {
    const row = await this.batches.getById(id);
    if (!row) throw notFound(id);
    return mapBatch(row);
  }

  /** An output of a completed batch, with the file name a download should get. */
  async file(id: string, kind: BatchFile): Promise<{ body: Readable; contentLength?: number; fileName: string }> {
    const row = await this.batches.getById(id);
    if (!row) throw notFound(id);
    if (row.state !== 'completed') throw new ConflictException(`Batch ${id} is ${row.state}; only a completed batch has outputs`);
    const keys = batchKeys(id);
    const key = kind === 'masks' ? keys.masks : kind === 'csv' ? keys.csv : keys.report;
    const object = await this.storage.getObjectStream(key);
    if (!object) throw new NotFoundException(`${key} is missing from storage`);
    const stem = row.input_name.replace(/\.zip$/i, '').replace(/[^\w.-]+/g, '_') || 'batch';
    const fileName = kind === 'masks' ? `${stem}-masks.zip` : kind === 'csv' ? `${stem}-results.csv` : `${stem}-batch.json`;
    return { ...object, fileName };
  }

  /** The batch's SSE stream: snapshot (the DTO), then its job events. */
  events(id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.streams.open(id, lastEventId, async () => {
      const row = await this.batches.getById(id);
      if (!row) throw notFound(id);
      return { value: mapBatch(row), sequence: row.last_sequence, terminal: !ACTIVE_JOB_STATES.includes(row.state) };
    });
  }

  async cancel(id: string): Promise<BatchDto> {
    const row = await this.batches.getById(id);
    if (!row) throw notFound(id);
    if (!ACTIVE_JOB_STATES.includes(row.state)) throw new ConflictException(`Batch ${id} is ${row.state}; only a queued or running one can be cancelled`);
    try {
      await this.ml.cancelJob(id);
    } catch (error) {
      if (!(error instanceof HttpException && error.getStatus() === 404)) throw error;
      // The ml-service lost it (restarted): there is nothing left to stop.
      await this.watch.finish('batch', id, 'cancelled', 'cancelled_by_user', 'cancelled');
    }
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const row = await this.batches.getById(id);
    if (!row) throw notFound(id);
    if (ACTIVE_JOB_STATES.includes(row.state)) throw new ConflictException(`Batch ${id} is ${row.state}; cancel it first`);
    // The report first: without it a half-deleted prefix is never restored by a resync.
    await this.storage.deleteKeys([batchKeys(id).report]);
    await this.storage.deletePrefix(batchKeys(id).prefix);
    await this.batches.delete(id);
    this.logger.log(`Batch ${id} deleted`);
  }

  private async start(
    id: string,
    model: CompletedModel,
    input: { archive?: BatchArchive; dataset?: DatasetSource },
    row: { source: 'archive' | 'dataset'; input_name: string; dataset_id: string | null; input_bytes: number },
  ): Promise<BatchDto> {
    const keys = batchKeys(id);
    const [masksUrl, csvUrl, reportUrl] = await Promise.all([
      this.storage.presignPut(keys.masks, JOB_PRESIGN_S),
      this.storage.presignPut(keys.csv, JOB_PRESIGN_S),
      this.storage.presignPut(keys.report, JOB_PRESIGN_S),
    ]);
    const targets: BatchTargets = { masksUrl, csvUrl, reportUrl };
    await this.batches.insert({ id, model_id: model.row.id, ...row, state: 'queued', error: null, created_at: new Date().toISOString(), finished_at: null });
    try {
      const { job } = await this.ml.startBatchJob({ jobId: id, model: model.source, ...input, targets, batchSize: 0, maxPixels: 0 });
      await this.batches.update(id, { queue_position: job?.queuePosition ?? 0 });
    } catch (error) {
      await this.batches.delete(id);
      throw error;
    }
    this.logger.log(`Batch ${id}: queued for model ${model.row.id} on ${row.source} "${row.input_name}"`);
    this.watch.attach('batch', id);
    return this.get(id);
  }

  /** Streams the multipart field `file` into `key` through the ZIP guard; nothing is kept on failure. */
  private receive(req: Request, key: string): Promise<{ fileName: string; bytes: number }> {
    const abort = new AbortController();
    const onClose = () => {
      if (!req.complete) abort.abort(new BadRequestException('Upload cancelled by the client'));
    };
    req.once('close', onClose);
    return new Promise<{ fileName: string; bytes: number }>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 64 * 1024 } });
      } catch {
        reject(new BadRequestException('Malformed multipart request: the boundary is missing'));
        return;
      }
      let stored: Promise<{ fileName: string; bytes: number }> | null = null;
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        abort.abort(error);
        req.unpipe(parser);
        req.resume();
        reject(error);
      };
      parser.on('file', (field, file, info) => {
        if (field !== 'file' || stored) {
          file.resume();
          fail(new BadRequestException(`Unexpected file field "${field}"; send one ZIP of images in a field named "file"`));
          return;
        }
        const fileName = info.filename || 'images.zip';
        stored = this.store(file, fileName, key, abort.signal).then((bytes) => ({ fileName, bytes }));
        stored.catch(fail);
      });
      parser.on('error', (error: Error) => fail(new BadRequestException(`Malformed multipart request: ${error.message}`)));
      parser.on('close', () => {
        if (failed) return;
        if (!stored) {
          fail(new BadRequestException('No file in the request; send the ZIP of images in a multipart field named "file"'));
          return;
        }
        stored.then(resolve, fail);
      });
      req.pipe(parser);
    }).finally(() => req.off('close', onClose));
  }

  private async store(source: Readable, fileName: string, key: string, signal: AbortSignal): Promise<number> {
    const maxBytes = this.config.datasets.maxArchiveBytes;
    const guard = new ArchiveGuard(maxBytes, fileName);
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const piped = pipeline(source, guard, body, { signal }).catch((error: unknown) => {
      body.destroy(error as Error);
      throw error;
    });
    try {
      const [bytes] = await Promise.all([this.storage.uploadStream(key, body, 'application/zip', signal), piped]);
      return bytes;
    } catch (error) {
      if (error instanceof NotZipError) {
        const what = error.message.includes(' is empty') ? 'is empty' : 'is not a ZIP archive';
        throw new BadRequestException(`${fileName} ${what}; put the images in a .zip file and upload that`);
      }
      if (error instanceof TooLargeError) throw new PayloadTooLargeException(error.message);
      if (error instanceof HttpException) throw error;
      if (signal.aborted && signal.reason instanceof HttpException) throw signal.reason;
      throw error;
    }
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException(`Batch ${id} not found`);
}
