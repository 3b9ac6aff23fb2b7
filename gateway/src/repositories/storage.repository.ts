import {
  CreateBucketCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Inject, Injectable, Logger, type OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { CONFIG } from '../tokens';

/** The only holder of S3 credentials. Services see plain promises, never SDK types. */
@Injectable()
export class StorageRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(StorageRepository.name);
  private readonly client: S3Client;
  readonly bucket: string;
  /** Where S3 is, for messages: the endpoint, or "AWS S3 (region)". */
  readonly location: string;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    const { s3 } = config;
    this.bucket = s3.bucket;
    this.location = s3.endpoint ?? `AWS S3 (${s3.region})`;
    this.client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint ?? undefined,
      forcePathStyle: s3.forcePathStyle,
      credentials: s3.credentials ?? undefined,
      // Fail fast when the store is down so /api/health and callers answer 503 promptly.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2000, requestTimeout: 30_000 },
    });
  }

  /** Creates the bucket when it is missing; true when it had to be created. */
  async ensureBucket(): Promise<boolean> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return false;
    } catch (error) {
      if (!isNotFound(error)) throw this.unavailable(error);
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // Another gateway may have created it in between.
      if (!(error instanceof S3ServiceException && error.name === 'BucketAlreadyOwnedByYou')) {
        throw this.unavailable(error);
      }
    }
    this.logger.log(`Created bucket ${this.bucket} at ${this.location}`);
    return true;
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private unavailable(error: unknown): ServiceUnavailableException {
    if (isNotFound(error)) {
      return new ServiceUnavailableException(`S3 bucket ${this.bucket} does not exist at ${this.location}`);
    }
    const reason = error instanceof S3ServiceException ? `${error.name}: ${error.message}` : describe(error);
    return new ServiceUnavailableException(`S3 unavailable at ${this.location} (${reason})`);
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchBucket' || error.$metadata.httpStatusCode === 404)
  );
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}` : error.message || error.name;
  }
  return String(error);
}
