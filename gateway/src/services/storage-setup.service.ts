import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { StorageRepository } from '../repositories/storage.repository';

const RETRY_MS = 5000;

/**
 * Creates the bucket at start-up. S3 being down must not stop the gateway (it answers 503 and
 * recovers), so a failed attempt is retried in the background until it succeeds.
 */
@Injectable()
export class StorageSetupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StorageSetupService.name);
  private timer: NodeJS.Timeout | undefined;
  private ready: Promise<void> | undefined;

  constructor(private readonly storage: StorageRepository) {}

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

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  private attempt(resolve: () => void): void {
    this.storage.ensureBucket().then(resolve, (error: Error) => {
      this.logger.warn(`${error.message}; retrying in ${RETRY_MS / 1000} s`);
      this.timer = setTimeout(() => this.attempt(resolve), RETRY_MS);
    });
  }
}
