import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_PALETTE, classIndexPngToPalette } from '../util/png-palette';
import { PaletteController } from './palette.controller';

/** A 1x1 8-bit gray PNG (CRCs left zero and no pixel data: the converter reads only the header). */
function grayPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IEND', Buffer.alloc(0))]);
}

describe('GET /api/inference/palette', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [PaletteController] }).compile();
    app = module.createNestApplication({ logger: false });
    app.setGlobalPrefix('api');
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves the class colours the colour PNG masks are painted with', async () => {
    const response = await fetch(`${base}/api/inference/palette`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { colors: number[][] };
    expect(body.colors).toEqual(CLASS_PALETTE.map((rgb) => [...rgb]));
    expect(body.colors.length).toBeGreaterThan(1);

    // The PLTE chunk of a colour mask: entry i is the served colour of class i (class 0 black).
    const png = classIndexPngToPalette(grayPng())!;
    const plte = png.indexOf('PLTE', 0, 'ascii') + 4;
    for (let i = 1; i <= body.colors.length + 1; i++) {
      const served = body.colors[(i - 1) % body.colors.length];
      expect([...png.subarray(plte + i * 3, plte + i * 3 + 3)]).toEqual(served);
    }
    expect([...png.subarray(plte, plte + 3)]).toEqual([0, 0, 0]);
  });
});
