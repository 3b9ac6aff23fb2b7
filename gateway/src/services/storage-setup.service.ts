import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import { ROOTS } from './storage-layout';

const RETRY_MS = 5000;
/** What the bucket rule gives S3 to drop parts of an upload nobody completed (the sweep is faster). */
const LIFECYCLE_DAYS = 1;

/**
 * Creates the bucket at start-up. S3 being down must not stop the gateway (it answers 503 and
 * recovers), so a failed attempt is retried in the background until it succeeds. Multipart uploads
 * cut short by an outage leave parts in S3: a sweep aborts them at start-up and again once storage
 * is back after an outage, and a bucket lifecycle rule expires them where the store supports one.
 */
@Injectable()
export class StorageSetupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StorageSetupService.name);
  private timer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private ready: Promise<void> | undefined;
  private sweepPending = false;
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly storage: StorageRepository,
  ) {
    storage.onOutage(() => this.sweepWhenBack());
  }

  onApplicationBootstrap(): void {
    this.ready = new Promise((resolve) => this.attempt(resolve));
  }

  /** Resolves once the bucket exists (used by start-up work that needs S3). */
  whenReady(): Promise<void> {
    return this.ready ?? Promise.resolve();
  }

  /** Waits up to `timeoutMs` for the bucket; a 503 saying why when S3 is not there by then. */
  async requireReady(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ServiceUnavailableException(`S3 bucket ${this.storage.bucket} at ${this.storage.location} is not ready yet; try again shortly`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.whenReady(), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Aborts multipart uploads under our folders that no upload of this process owns and that are
   * older than MEDSEG_S3_STALE_UPLOAD_S (another gateway may be writing a younger one). Returns how many.
   */
  async sweep(): Promise<number> {
    const cutoff = Date.now() - this.config.s3.staleUploadMs;
    let aborted = 0;
    for (const root of Object.values(ROOTS)) {
      for (const upload of await this.storage.listPendingUploads(root)) {
        if (this.storage.isUploading(upload.key)) continue;
        if (upload.initiated && upload.initiated.getTime() > cutoff) continue;
        await this.storage.abortPendingUpload(upload);
        aborted++;
      }
    }
    if (aborted > 0) this.logger.log(`Aborted ${aborted} incomplete multipart upload(s) left in ${this.storage.bucket}`);
    return aborted;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.sweepTimer);
  }

  private attempt(resolve: () => void): void {
    this.storage.ensureBucket().then(
      async () => {
        resolve();
        await this.expireIncompleteUploads();
        await this.sweep().catch((error: Error) => this.logger.warn(`Sweep of incomplete uploads failed: ${error.message}`));
      },
      (error: Error) => {
        this.logger.warn(`${error.message}; retrying in ${RETRY_MS / 1000} s`);
        this.timer = setTimeout(() => this.attempt(resolve), RETRY_MS);
      },
    );
  }

  private async expireIncompleteUploads(): Promise<void> {
    try {
      const set = await this.storage.expireIncompleteUploads(LIFECYCLE_DAYS);
      if (!set) this.logger.log(`S3 at ${this.storage.location} has no lifecycle rules; incomplete uploads are swept at start-up and after outages`);
    } catch (error) {
      this.logger.warn(`Could not set the lifecycle rule for incomplete uploads: ${(error as Error).message}`);
    }
  }

  /** After an outage: wait until storage answers, then sweep once (further outages meanwhile share it). */
  private sweepWhenBack(): void {
    if (this.sweepPending || this.stopped) return;
    this.sweepPending = true;
    const tryOnce = () => {
      if (this.stopped) return;
      this.storage
        .ping()
        .then(() => this.sweep())
        .then(
          () => (this.sweepPending = false),
          () => {
            this.sweepTimer = setTimeout(tryOnce, RETRY_MS);
          },
        );
    };
    this.sweepTimer = setTimeout(tryOnce, RETRY_MS);
  }
}
