import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classIndexPngToPalette } from './png-palette';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}

/** A 2x1 8-bit gray PNG (CRCs left zero: the converter does not read them). */
function grayPng(pixels: number[], bitDepth = 8): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(pixels.length, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = 0;
  const raw = Buffer.from([0, ...pixels]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunks(png: Buffer): { type: string; data: Buffer }[] {
  const out: { type: string; data: Buffer }[] = [];
  for (let o = 8; o < png.length; ) {
    const length = png.readUInt32BE(o);
    out.push({ type: png.toString('ascii', o + 4, o + 8), data: png.subarray(o + 8, o + 8 + length) });
    o += 12 + length;
  }
  return out;
}

describe('classIndexPngToPalette', () => {
  it('keeps the class indices as palette indices and colours class 1', () => {
    const out = classIndexPngToPalette(grayPng([0, 1]))!;
    const parts = chunks(out);
    expect(parts.map((p) => p.type)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    expect(parts[0].data[9]).toBe(3);
    expect([...parts[1].data.subarray(0, 6)]).toEqual([0, 0, 0, 255, 64, 64]);
    expect([...inflateSync(parts[2].data)]).toEqual([0, 0, 1]);
  });

  it('gives null for a 16-bit mask (more than 256 classes)', () => {
    expect(classIndexPngToPalette(grayPng([0, 1], 16))).toBeNull();
  });
});
