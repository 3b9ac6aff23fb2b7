// One piece on purpose: the S3 boundary. Every method shares one SDK client (with its error-count
// middleware for GET /metrics), the set of uploads in flight (the multipart sweep must not abort
// those) and the outage listeners, and each is one S3 operation we use. Key names live in services/storage-layout.ts, SDK error mapping in
// s3-errors.ts; what is left here is only the calls themselves.
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional, type ServiceUnavailableException } from '@nestjs/common';
import { GatewayMetrics } from '../observability/gateway-metrics';
import type { GatewayConfig } from '../config';
import { CONFIG } from '../tokens';
import { isAbortError, isMissingKey, isNotFound, storageUnavailable } from './s3-errors';

/** A multipart upload S3 still holds parts of. */
export interface PendingUpload {
  key: string;
  uploadId: string;
  initiated: Date | null;
}

/**
 * The only holder of S3 credentials. Services see plain promises, never SDK types; every SDK
 * failure that means "storage is not there" becomes one 503 (see `unavailable`).
 */
@Injectable()
export class StorageRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(StorageRepository.name);
  private readonly client: S3Client;
  /** Keys being written by uploadStream now: their multipart uploads are not stale. */
  private readonly uploading = new Set<string>();
  private readonly outageListeners: (() => void)[] = [];
  readonly bucket: string;
  /** Where S3 is, for messages: the endpoint, or "AWS S3 (region)". */
  readonly location: string;

  constructor(@Inject(CONFIG) config: GatewayConfig, @Optional() metrics?: GatewayMetrics) {
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
      // Checksums only where S3 demands them: the default computes a CRC over every part, which
      // costs CPU and buffers on the upload path, and not every S3-compatible store accepts them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 2000, requestTimeout: 30_000 },
    });
    if (metrics) {
      // Counted once per command, after the SDK's own retries: what callers saw fail.
      this.client.middlewareStack.add(
        (next, context) => async (args) => {
          try {
            return await next(args);
          } catch (error) {
            // A missing object is an answer (HEAD before create, resync), not an S3 error.
            if (!isNotFound(error)) metrics.s3Failed(context.commandName ?? 'unknown');
            throw error;
          }
        },
        { step: 'initialize', name: 'medsegErrorCount' },
      );
    }
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

  /**
   * Streams `body` into `key` with a multipart upload (a few parts in memory at a time, never the
   * whole object). Aborting `signal` or an error in `body` aborts the multipart upload, so S3 keeps
   * nothing. Resolves to the number of bytes stored.
   */
  async uploadStream(key: string, body: Readable, contentType: string, signal?: AbortSignal): Promise<number> {
    let bytes = 0;
    body.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: UPLOAD_PART_BYTES,
      queueSize: UPLOAD_QUEUE,
      leavePartsOnError: false,
      abortController: signal ? abortControllerFor(signal) : undefined,
    });
    // lib-storage stops reading a failed body but does not always notice the failure: race it.
    let bodyError: unknown = null;
    const bodyFailed = new Promise<never>((_, reject) =>
      body.once('error', (error) => {
        bodyError = error;
        reject(error);
      }),
    );
    this.uploading.add(key);
    try {
      await Promise.race([upload.done(), bodyFailed]);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      // A multipart upload completed just before the abort leaves the object: remove it too.
      await this.deleteKeys([key]).catch(() => undefined);
      // The body's own failure (not a ZIP, too large) or the caller's abort is theirs to report;
      // anything else came from S3. lib-storage stops reading the body when a part fails, which
      // fails the body (and itself) with a bare AbortError: that is S3 going away, not the body.
      if (signal?.aborted) throw signal.reason ?? error;
      if (bodyError !== null && !isAbortError(bodyError)) throw bodyError;
      throw this.unavailable(isAbortError(error) ? new Error('the connection broke off during the upload') : error);
    } finally {
      this.uploading.delete(key);
      bodyFailed.catch(() => undefined);
    }
    return bytes;
  }

  async putObject(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** The object's body as a stream, or null when there is no such key. */
  async getObjectStream(key: string): Promise<{ body: Readable; contentType?: string; contentLength?: number } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: out.Body as Readable, contentType: out.ContentType, contentLength: out.ContentLength };
    } catch (error) {
      if (isMissingKey(error)) return null;
      throw this.unavailable(error);
    }
  }

  /** The whole object in memory (small objects only), or null when there is no such key. */
  async getBytes(key: string): Promise<Buffer | null> {
    const object = await this.getObjectStream(key);
    if (!object) return null;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of object.body) chunks.push(chunk as Buffer);
    } catch (error) {
      // S3 went away while the body was arriving.
      throw this.unavailable(error);
    }
    return Buffer.concat(chunks);
  }

  async getText(key: string): Promise<string | null> {
    return (await this.getBytes(key))?.toString('utf8') ?? null;
  }

  /** A URL that lets its holder GET `key` (and nothing else) for `expiresInS` seconds (PRESIGN_S). */
  presignGet(key: string, expiresInS: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInS });
  }

  /** A URL that lets its holder PUT `key` (and nothing else) for `expiresInS` seconds (PRESIGN_S). */
  presignPut(key: string, expiresInS: number): Promise<string> {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInS });
  }

  /** When the object was last written (ISO-8601), or null when there is no such key. */
  async lastModified(key: string): Promise<string | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.LastModified?.toISOString() ?? null;
    } catch (error) {
      if (isMissingKey(error)) return null;
      throw this.unavailable(error);
    }
  }

  /** Multipart uploads under `prefix` that were started and neither completed nor aborted. */
  async listPendingUploads(prefix: string): Promise<PendingUpload[]> {
    const uploads: PendingUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
      } catch (error) {
        throw this.unavailable(error);
      }
      for (const u of page.Uploads ?? []) {
        if (u.Key && u.UploadId) uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated ?? null });
      }
      const more = page.IsTruncated && (page.NextKeyMarker || page.NextUploadIdMarker);
      keyMarker = more ? page.NextKeyMarker : undefined;
      uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker || uploadIdMarker);
    return uploads;
  }

  /** True while uploadStream is writing `key` in this process. */
  isUploading(key: string): boolean {
    return this.uploading.has(key);
  }

  async abortPendingUpload(upload: PendingUpload): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.key, UploadId: upload.uploadId }));
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchUpload') return;
      throw this.unavailable(error);
    }
  }

  /**
   * Asks S3 to drop the parts of multipart uploads left incomplete for `days` days. False when the
   * store does not implement lifecycle rules (the start-up sweep is then the only cleanup).
   */
  async expireIncompleteUploads(days: number): Promise<boolean> {
    try {
      await this.client.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: this.bucket,
          LifecycleConfiguration: {
            Rules: [{ ID: 'medseg-abort-incomplete-uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: days } }],
          },
        }),
      );
      return true;
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (error instanceof S3ServiceException && (error.name === 'NotImplemented' || status === 501 || status === 400 || status === 405)) return false;
      throw this.unavailable(error);
    }
  }

  /** The "folders" directly under `prefix`, e.g. datasets/<id>/ for prefix datasets/. */
  async listFolders(prefix: string): Promise<string[]> {
    const folders: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.listPage({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token });
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders;
  }

  /** Every key under `prefix`. */
  async listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.listPage({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token });
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  /** The object's size in bytes, or null when there is no such key. */
  async size(key: string): Promise<number | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? 0;
    } catch (error) {
      if (isMissingKey(error)) return null;
      throw this.unavailable(error);
    }
  }

  /** Deletes every object under `prefix`; returns how many. */
  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.listPage({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token });
      const keys = (page.Contents ?? []).map((o) => o.Key).filter((k): k is string => !!k);
      await this.deleteKeys(keys);
      deleted += keys.length;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  async deleteKeys(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      try {
        await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        );
      } catch (error) {
        throw this.unavailable(error);
      }
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private async listPage(input: ListObjectsV2CommandInput): Promise<ListObjectsV2CommandOutput> {
    try {
      return await this.client.send(new ListObjectsV2Command(input));
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** `listener` runs whenever a call finds storage down (StorageSetupService sweeps once it is back). */
  onOutage(listener: () => void): void {
    this.outageListeners.push(listener);
  }

  /** The one place an SDK failure becomes an HTTP error; listeners hear of every outage. */
  private unavailable(error: unknown): ServiceUnavailableException {
    if (!isNotFound(error)) for (const listener of this.outageListeners) listener();
    return storageUnavailable(error, this.bucket, this.location);
  }
}

// 8 MiB parts, 4 in flight: enough to keep a local S3 busy while holding ~32 MiB of the archive.
const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
const UPLOAD_QUEUE = 4;

function abortControllerFor(signal: AbortSignal): AbortController {
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller;
}
