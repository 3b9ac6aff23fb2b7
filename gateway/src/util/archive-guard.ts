import { Transform, type TransformCallback } from 'node:stream';

/** Signature of a ZIP local file header, and of the end record of an empty ZIP. */
const ZIP_SIGNATURES = [Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from([0x50, 0x4b, 0x05, 0x06])];

export class NotZipError extends Error {}
export class TooLargeError extends Error {}

/**
 * Passes an archive through while checking, before anything reaches storage, that it starts like a
 * ZIP and stays under `maxBytes`. Fails the stream with NotZipError or TooLargeError otherwise.
 */
export class ArchiveGuard extends Transform {
  private head = Buffer.alloc(0);
  private checked = false;
  bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly describe: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(new TooLargeError(`${this.describe} is larger than the ${formatMiB(this.maxBytes)} limit (MEDSEG_DATASET_MAX_ARCHIVE_MB)`));
      return;
    }
    if (this.checked) {
      done(null, chunk);
      return;
    }
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 4) {
      done();
      return;
    }
    this.checked = true;
    if (!ZIP_SIGNATURES.some((sig) => this.head.subarray(0, 4).equals(sig))) {
      done(new NotZipError(`${this.describe} is not a ZIP archive; zip the folder holding images/ and masks/ and upload that`));
      return;
    }
    const head = this.head;
    this.head = Buffer.alloc(0);
    done(null, head);
  }

  override _flush(done: TransformCallback): void {
    if (!this.checked) {
      done(new NotZipError(`${this.describe} is ${this.bytes === 0 ? 'empty' : 'too short to be a ZIP archive'}`));
      return;
    }
    done();
  }
}

export function formatMiB(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 ? 1 : 0)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
