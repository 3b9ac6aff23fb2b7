import { crc32 } from 'node:zlib';

/**
 * Colours of class 1, 2, ... (class 0, the background, is black in a PNG and transparent in the
 * viewer); repeats past the end. Distinct hues that stay apart on gray scans. The one home of the
 * class colours: the viewer's overlay reads them from `GET /api/inference/palette`.
 */
export const CLASS_PALETTE: readonly (readonly [number, number, number])[] = [
  [255, 64, 64],
  [64, 200, 255],
  [255, 214, 0],
  [80, 220, 100],
  [200, 90, 255],
  [255, 140, 0],
  [0, 200, 180],
  [255, 105, 180],
];

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The same mask as an indexed-colour PNG: an 8-bit gray PNG's scanlines are valid 8-bit palette
 * indices, so only the header changes and a palette is added. Viewers show colours, and tools that
 * read palette indices still get the class indices. Null when the mask is not 8-bit gray (more
 * than 256 classes).
 */
export function classIndexPngToPalette(png: Uint8Array): Buffer | null {
  const bytes = Buffer.from(png);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) return null;
  const parts: Buffer[] = [SIGNATURE];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      const bitDepth = data[8];
      const colourType = data[9];
      if (bitDepth !== 8 || colourType !== 0) return null;
      const header = Buffer.from(data);
      header[9] = 3;
      parts.push(chunk('IHDR', header));
      const palette = Buffer.alloc(256 * 3);
      for (let i = 1; i < 256; i++) palette.set(CLASS_PALETTE[(i - 1) % CLASS_PALETTE.length], i * 3);
      parts.push(chunk('PLTE', palette));
    } else {
      parts.push(bytes.subarray(offset - 12 - length, offset));
    }
  }
  return Buffer.concat(parts);
}
