import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import type { StorageRepository } from '../repositories/storage.repository';
import { ArchiveGuard, NotZipError, TooLargeError } from '../util/archive-guard';

/**
 * Streams a ZIP from `source` into `key` through the ZIP guard (starts like a ZIP, under
 * `maxBytes`). Resolves to the bytes stored; on failure S3 keeps nothing and the error is the
 * most telling one: the guard's NotZipError/TooLargeError, the caller's abort reason, or the
 * storage's 503, never the broken-pipe error the others cause on the way.
 */
export async function storeArchive(
  storage: StorageRepository,
  key: string,
  source: Readable,
  options: { fileName: string; maxBytes: number; signal: AbortSignal },
): Promise<number> {
  const guard = new ArchiveGuard(options.maxBytes, options.fileName);
  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  const piped = pipeline(source, guard, body, { signal: options.signal }).catch((error: unknown) => {
    body.destroy(error as Error);
    throw error;
  });
  const stored = storage.uploadStream(key, body, 'application/zip', options.signal).catch((error: unknown) => {
    // Nothing reads the body any more: end the pipeline instead of leaving it waiting.
    body.destroy(error as Error);
    throw error;
  });
  const [upload, pipe] = await Promise.allSettled([stored, piped]);
  if (upload.status === 'rejected') throw upload.reason;
  if (pipe.status === 'rejected') {
    await storage.deleteKeys([key]).catch(() => undefined);
    throw pipe.reason;
  }
  return upload.value;
}

/**
 * The HTTP error a failed `storeArchive` answers with: 400 for a file that is not a ZIP (worded by
 * `notZip` for the caller's users), 413 over the limit, else the HTTP error already chosen.
 */
export function archiveHttpError(error: unknown, signal: AbortSignal, notZip: (error: NotZipError) => string = (e) => e.message): unknown {
  if (error instanceof NotZipError) return new BadRequestException(notZip(error));
  if (error instanceof TooLargeError) return new PayloadTooLargeException(error.message);
  if (error instanceof HttpException) return error;
  if (signal.aborted && signal.reason instanceof HttpException) return signal.reason;
  return error;
}
