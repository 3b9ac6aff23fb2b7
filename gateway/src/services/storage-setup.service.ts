import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
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
