import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { type DatasetDto, mapDataset } from '../dtos/dataset.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import { formatMiB } from '../util/archive-guard';
import { RefusedUrlError, openDownload } from '../util/guarded-download';
import type { IncomingFile } from '../util/multipart';
import { type DatasetManifest, MANIFEST_FORMAT, manifestToRows } from './dataset-manifest';
import { datasetKeys } from './storage-layout';
import { archiveHttpError, storeArchive } from './archive-upload';
import { DatasetInspectionService } from './dataset-inspection.service';
import { StorageSetupService } from './storage-setup.service';
import type { Caller } from '../auth/caller';
import { ResourceAccess } from './access/resource-access.service';

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
    private readonly access: ResourceAccess,
  ) {}

  /** The ZIP of a multipart upload; the optional `name` field names the dataset (else the file name). */
  upload(caller: Caller, file: IncomingFile): Promise<DatasetDto> {
    return this.store(caller, file.stream, file.fileName, () => file.fields.name?.trim() || stripZip(file.fileName), file.signal);
  }

  /** Downloads `url` (http/https, refused for private addresses unless configured) into S3. */
  async importUrl(caller: Caller, url: string, name: string | undefined, clientGone: AbortSignal): Promise<DatasetDto> {
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
      return await this.store(caller, download.body, fileName, () => name?.trim() || stripZip(fileName), abort);
    } catch (error) {
      if (error instanceof RefusedUrlError) throw new BadRequestException(error.message);
      if (abort.aborted && !clientGone.aborted && !(error instanceof HttpException)) {
        throw new HttpException(`Downloading ${url} took longer than ${limits.importTimeoutMs / 1000} s (MEDSEG_IMPORT_TIMEOUT_S)`, 408);
      }
      throw error;
    }
  }

  private async store(caller: Caller, source: Readable, fileName: string, name: () => string, signal: AbortSignal): Promise<DatasetDto> {
    // Right after start-up the bucket may still be being created.
    await this.storageSetup.requireReady();
    const id = randomUUID();
    const keys = datasetKeys(id);
    const key = keys.archive;
    let bytes: number;
    try {
      bytes = await storeArchive(this.storage, key, source, { fileName, maxBytes: this.config.datasets.maxArchiveBytes, signal });
    } catch (error) {
      throw archiveHttpError(error, signal);
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
      owner_id: caller.id,
    };
    try {
      // A manifest in 'uploaded' lets a resync find an archive whose inspection was cut short.
      await this.storage.putObject(keys.manifest, JSON.stringify(manifest), 'application/json');
      const { dataset } = manifestToRows(manifest, 'private');
      await this.datasets.insert(dataset);
    } catch (error) {
      await this.storage.deletePrefix(keys.prefix).catch(() => undefined);
      throw error;
    }
    this.logger.log(`Dataset ${id} stored (${bytes} bytes, "${manifest.name}"); inspecting`);
    this.inspection.enqueue(id);
    const row = await this.datasets.getById(id);
    return mapDataset(row!, await this.access.owned(caller, row!));
  }
}

function stripZip(fileName: string): string {
  return fileName.replace(/\.zip$/i, '').trim();
}
