import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { PromptKind } from '../generated/medseg/v1/session_service';
import { PromptListDto, mapSession, maskBox, toPromptPb } from './guided-session.dto';

async function problems(body: unknown): Promise<string[]> {
  const errors = await validate(plainToInstance(PromptListDto, body), { whitelist: true });
  const flat = (e: (typeof errors)[number]): string[] => [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(flat)];
  return errors.flatMap(flat);
}

describe('PromptListDto', () => {
  it('takes a point, a box, a scribble and a lasso', async () => {
    const prompts = [
      { kind: 'point', classIndex: 1, points: [1, 2, 0] },
      { kind: 'box', classIndex: 1, points: [1, 2, 0, 5, 6, 0], planeAxis: 2 },
      { kind: 'scribble', classIndex: 0, points: [1, 2, 0], planeAxis: 2 },
      { kind: 'lasso', classIndex: 2, points: [1, 1, 0, 5, 1, 0, 3, 4, 0], planeAxis: 2 },
    ];
    expect(await problems({ prompts })).toEqual([]);
  });

  it('says which kind takes how many vertices', async () => {
    expect(await problems({ prompts: [{ kind: 'box', classIndex: 1, points: [1, 2, 0], planeAxis: 2 }] })).toEqual([
      'points of a box must be 2 vertices as x, y, z triples (a multiple of 3 numbers; got 3)',
    ]);
    expect(await problems({ prompts: [{ kind: 'point', classIndex: 1, points: [1, 2] }] })).toContain(
      'points of a point must be 1 vertex as x, y, z triples (a multiple of 3 numbers; got 2)',
    );
  });

  it('refuses an unknown kind, a negative class, a bad plane and too many vertices', async () => {
    const found = await problems({
      prompts: [
        { kind: 'circle', classIndex: 1, points: [0, 0, 0] },
        { kind: 'point', classIndex: -1, points: [0, 0, 0] },
        { kind: 'box', classIndex: 1, points: [0, 0, 0, 1, 1, 0], planeAxis: 3 },
        { kind: 'scribble', classIndex: 1, points: new Array(3 * 4097).fill(0) },
      ],
    });
    expect(found).toContain('kind must be one of point, box, scribble, lasso');
    expect(found).toContain('classIndex must be 0 (negative) or a class of the model');
    expect(found).toContain('planeAxis must be 0 (x), 1 (y) or 2 (z)');
    expect(found).toContain('points must hold at most 4096 vertices (12288 numbers): simplify the stroke');
  });

  it('refuses more than 256 prompts', async () => {
    const prompts = Array.from({ length: 257 }, () => ({ kind: 'point', classIndex: 1, points: [0, 0, 0] }));
    expect(await problems({ prompts })).toEqual(['prompts must hold at most 256 prompts: clear some']);
  });
});

describe('session mapping', () => {
  it('sends kinds as the proto enum and the plane as given', () => {
    expect(toPromptPb({ kind: 'lasso', classIndex: 2, points: [1, 2, 3], planeAxis: 1 })).toEqual({
      kind: PromptKind.PROMPT_KIND_LASSO,
      classIndex: 2,
      points: [1, 2, 3],
      planeAxis: 1,
    });
  });

  it('writes the box header, all zeros when nothing changed', () => {
    expect(maskBox({ x: 1, y: 2, z: 3, sizeX: 4, sizeY: 5, sizeZ: 6, voxels: new Uint8Array() })).toBe('1,2,3,4,5,6');
    expect(maskBox(undefined)).toBe('0,0,0,0,0,0');
  });

  it('leaves the mask out when the ml-service sent none', () => {
    const base = {
      sessionId: 's1',
      grid: { sizeX: 4, sizeY: 3, sizeZ: 1, sliceAxis: 2 },
      labelValues: [0, 1],
      labels: [],
      guided: true,
      spatialDims: 2,
      ttlS: 600,
      memoryBytes: 0,
      timings: undefined,
      modelWasLoaded: false,
    };
    expect(mapSession('m', { ...base, mask: undefined }).mask).toBeUndefined();
    const withMask = mapSession('m', { ...base, mask: { x: 0, y: 0, z: 0, sizeX: 4, sizeY: 3, sizeZ: 1, voxels: Uint8Array.of(1, 2) } });
    expect(withMask.mask?.voxels).toBe('AQI=');
  });
});
