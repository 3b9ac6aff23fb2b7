import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import type { GatewayConfig } from '../config';
import { type DatasetDto, mapDataset } from '../dtos/dataset.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import { ArchiveGuard, NotZipError, TooLargeError, formatMiB } from '../util/archive-guard';
import { RefusedUrlError, openDownload } from '../util/guarded-download';
import { type DatasetManifest, MANIFEST_FORMAT, archiveKey, manifestKey, manifestToRows } from './dataset-manifest';
import { DatasetInspectionService } from './dataset-inspection.service';
import { StorageSetupService } from './storage-setup.service';

/**
 * Gets an archive into S3 (from a multipart upload or a URL), streaming: the gateway holds a few
 * multipart parts in memory, never the archive. The row appears only once the archive is stored;
 * anything that fails before leaves neither object nor row.
 */
@Injectable()
export class DatasetIngestService {
  private readonly logger = new Logger(DatasetIngestService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly storage: StorageRepository,
    private readonly datasets: DatasetRepository,
    private readonly inspection: DatasetInspectionService,
    private readonly storageSetup: StorageSetupService,
  ) {}

  /** multipart/form-data with an optional `name` field and one file field `archive`. */
  upload(req: Request): Promise<DatasetDto> {
    if (!req.is('multipart/form-data')) {
      throw new UnsupportedMediaTypeException('Send the archive as multipart/form-data with a file field named "archive"');
    }
    const abort = new AbortController();
    // The client gave up (cancel button, closed tab): stop and clean up.
    const onClose = () => {
      if (!req.complete) abort.abort(new BadRequestException('Upload cancelled by the client'));
    };
    req.once('close', onClose);

    return new Promise<DatasetDto>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 64 * 1024 } });
      } catch {
        reject(new BadRequestException('Malformed multipart request: the boundary is missing'));
        return;
      }
      let name: string | undefined;
      let stored: Promise<DatasetDto> | null = null;
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        abort.abort(error);
        req.unpipe(parser);
        req.resume();
        reject(error);
      };

      parser.on('field', (field, value) => {
        if (field === 'name') name = value.trim() || undefined;
      });
      parser.on('file', (field, file, info) => {
        if (field !== 'archive') {
          file.resume();
          fail(new BadRequestException(`Unexpected file field "${field}"; send the ZIP in a field named "archive"`));
          return;
        }
        const fileName = info.filename || 'archive.zip';
        stored = this.store(file, fileName, () => name ?? stripZip(fileName), abort.signal);
        stored.catch(fail);
      });
      parser.on('error', (error: Error) => fail(new BadRequestException(`Malformed multipart request: ${error.message}`)));
      parser.on('close', () => {
        if (failed) return;
        if (!stored) {
          fail(new BadRequestException('No file in the request; send the ZIP in a multipart field named "archive"'));
          return;
        }
        stored.then(resolve, fail);
      });
      req.pipe(parser);
    }).finally(() => req.off('close', onClose));
  }

  /** Downloads `url` (http/https, refused for private addresses unless configured) into S3. */
  async importUrl(url: string, name: string | undefined, clientGone: AbortSignal): Promise<DatasetDto> {
    const limits = this.config.datasets;
    const abort = AbortSignal.any([clientGone, AbortSignal.timeout(limits.importTimeoutMs)]);
    try {
      const download = await openDownload(url, { allowPrivate: limits.importAllowPrivate, signal: abort });
      if (download.contentLength !== null && download.contentLength > limits.maxArchiveBytes) {
        download.body.destroy();
        throw new PayloadTooLargeException(
          `${download.url.toString()} is ${formatMiB(download.contentLength)}, over the ${formatMiB(limits.maxArchiveBytes)} limit (MEDSEG_DATASET_MAX_ARCHIVE_MB)`,
        );
      }
      const fileName = decodeURIComponent(download.url.pathname.split('/').pop() || 'archive.zip');
      return await this.store(download.body, fileName, () => name?.trim() || stripZip(fileName), abort);
    } catch (error) {
      if (error instanceof RefusedUrlError) throw new BadRequestException(error.message);
      if (abort.aborted && !clientGone.aborted && !(error instanceof HttpException)) {
        throw new HttpException(`Downloading ${url} took longer than ${limits.importTimeoutMs / 1000} s (MEDSEG_IMPORT_TIMEOUT_S)`, 408);
      }
      throw error;
    }
  }

  private async store(source: Readable, fileName: string, name: () => string, signal: AbortSignal): Promise<DatasetDto> {
    // Right after start-up the bucket may still be being created.
    await this.storageSetup.requireReady();
    const id = randomUUID();
    const key = archiveKey(id);
    const guard = new ArchiveGuard(this.config.datasets.maxArchiveBytes, fileName);
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const piped = pipeline(source, guard, body, { signal }).catch((error: unknown) => {
      body.destroy(error as Error);
      throw error;
    });
    let bytes: number;
    try {
      [bytes] = await Promise.all([this.storage.uploadStream(key, body, 'application/zip', signal), piped]);
    } catch (error) {
      throw toHttpError(error, signal);
    }

    const manifest: DatasetManifest = {
      format: MANIFEST_FORMAT,
      id,
      name: name().slice(0, 200) || 'Untitled dataset',
      status: 'uploaded',
      uploadedAt: new Date().toISOString(),
      archiveKey: key,
      archiveBytes: bytes,
      fileCount: 0,
      stats: null,
      errors: [],
      warnings: [],
      pairs: [],
    };
    try {
      // A manifest in 'uploaded' lets a resync find an archive whose inspection was cut short.
      await this.storage.putObject(manifestKey(id), JSON.stringify(manifest), 'application/json');
      const { dataset } = manifestToRows(manifest, this.storage.bucket);
      await this.datasets.insert(dataset);
    } catch (error) {
      await this.storage.deletePrefix(`datasets/${id}/`).catch(() => undefined);
      throw error;
    }
    this.logger.log(`Dataset ${id} stored (${bytes} bytes, "${manifest.name}"); inspecting`);
    this.inspection.enqueue(id);
    const row = await this.datasets.getById(id);
    return mapDataset(row!);
  }
}

function stripZip(fileName: string): string {
  return fileName.replace(/\.zip$/i, '').trim();
}

function toHttpError(error: unknown, signal: AbortSignal): unknown {
  if (error instanceof NotZipError) return new BadRequestException(error.message);
  if (error instanceof TooLargeError) return new PayloadTooLargeException(error.message);
  if (error instanceof HttpException) return error;
  if (signal.aborted && signal.reason instanceof HttpException) return signal.reason;
  return error;
}
