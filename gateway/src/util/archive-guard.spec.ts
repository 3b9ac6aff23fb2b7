import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ArchiveGuard, NotZipError, TooLargeError, formatMiB } from './archive-guard';

async function run(chunks: Buffer[], maxBytes = 1024): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), new ArchiveGuard(maxBytes, 'data.zip'), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

describe('ArchiveGuard', () => {
  it('passes a ZIP through unchanged, even when the signature is split across chunks', async () => {
    const zip = Buffer.from('PK\x03\x04rest of the archive', 'latin1');
    expect(await run([zip.subarray(0, 1), zip.subarray(1, 3), zip.subarray(3)])).toEqual(zip);
  });

  it('accepts an empty ZIP (end-of-central-directory record only)', async () => {
    const empty = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);
    expect(await run([empty])).toEqual(empty);
  });

  it('rejects a file that is not a ZIP, naming it', async () => {
    await expect(run([Buffer.from('%PDF-1.7 ...')])).rejects.toThrow(NotZipError);
    await expect(run([Buffer.from('%PDF-1.7 ...')])).rejects.toThrow(/data.zip is not a ZIP archive/);
  });

  it('rejects an empty body', async () => {
    await expect(run([])).rejects.toThrow(/data.zip is empty/);
  });

  it('rejects an archive over the limit before passing the excess on', async () => {
    const big = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(2000)]);
    await expect(run([big.subarray(0, 1000), big.subarray(1000)])).rejects.toThrow(TooLargeError);
    await expect(run([big])).rejects.toThrow(/larger than the 0 MiB limit \(MEDSEG_DATASET_MAX_ARCHIVE_MB\)/);
  });

  it('formats limits as MiB or GiB', () => {
    expect(formatMiB(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatMiB(512 * 1024 ** 2)).toBe('512 MiB');
  });
});
