import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type ApiFetch, type Stack, startStack, waitUntil } from './stack';
import { TINY, createModel, waitForModel } from './training.helpers';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/** A 20x24 PNG (archive_factory's gradient), written by Python in ml-service/. */
function pngBytes(): Buffer {
  const code = 'import sys; from archive_factory import gradient, png_bytes; sys.stdout.buffer.write(png_bytes(gradient(20, 24).astype("uint8")))';
  const run = spawnSync(services.PYTHON, ['-c', code], { cwd: join(services.ROOT, 'ml-service/tests') });
  if (run.status !== 0) throw new Error(run.stderr.toString());
  return run.stdout;
}

interface SessionBody {
  id: string;
  modelId: string;
  grid: { sizeX: number; sizeY: number; sizeZ: number; sliceAxis: number };
  guided: boolean;
  spatialDims: number;
  labelValues: number[];
  ttlS: number;
  mask?: { x: number; y: number; z: number; sizeX: number; sizeY: number; sizeZ: number; voxels: string };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const actingAs = (stack: Stack, as: ApiFetch): Stack => ({ ...stack, url: stack.url, fetch: as });
const point = (x: number, y: number, classIndex = 1) => ({ kind: 'point', classIndex, points: [x, y, 0] });

describe('guided sessions through the gateway, on the real ml-service', () => {
  let stack: Stack;
  let alice: ApiFetch;
  let bob: ApiFetch;
  let dataset: DatasetBody;
  let modelId: string;

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-guided-')));
    stack = await startStack();
    alice = stack.asUser('alice', 'researcher');
    bob = stack.asUser('bob', 'researcher');
    dataset = await uploadAndSettle(actingAs(stack, alice), archive('png_8bit'), 'guided');
    const res = await createModel(actingAs(stack, alice), { name: 'guided', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 2, validationFraction: 0.35, guided: true } });
    expect(res.status, await res.clone().text()).toBe(201);
    modelId = ((await res.json()) as { id: string }).id;
    const model = await waitForModel(actingAs(stack, alice), modelId, (m) => m.status !== 'training');
    expect(model.status, model.error ?? '').toBe('completed');
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function open(as: ApiFetch = alice): Promise<SessionBody> {
    const res = await as(`/api/models/${modelId}/sessions`, post({ datasetId: dataset.id, caseIndex: 0 }));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as SessionBody;
  }

  it('opens on a stored case with its grid and automatic result, and answers a prompt with the changed voxels as bytes', async () => {
    const session = await open();
    // A 33x35 PNG: x = column, y = row, one slice.
    expect(session).toMatchObject({ modelId, guided: true, spatialDims: 2, grid: { sizeX: 35, sizeY: 33, sizeZ: 1 }, labelValues: [0, 1] });
    expect(session.ttlS).toBeGreaterThan(0);
    const auto = inflateSync(Buffer.from(session.mask!.voxels, 'base64'));
    expect(auto.length).toBe(35 * 33);

    const res = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [point(17, 16), point(3, 3, 0)] }));
    expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/octet-stream');
    expect(res.headers.get('x-session-revision')).toBe('1');
    expect(res.headers.get('server-timing')).toMatch(/ml;dur=[\d.]+, forward;dur=[\d.]+.*gateway;dur=[\d.]+/);
    const box = res.headers.get('x-mask-box')!.split(',').map(Number);
    expect(box).toHaveLength(6);
    const body = Buffer.from(await res.arrayBuffer());
    const voxels = box[3] * box[4] * box[5] === 0 ? Buffer.alloc(0) : inflateSync(body);
    expect(voxels.length).toBe(box[3] * box[4] * box[5]);
    for (const v of voxels) expect(v === 255 || v <= 1).toBe(true);

    // The same list again changes nothing.
    const again = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [point(17, 16), point(3, 3, 0)] }));
    expect(again.headers.get('x-session-revision')).toBe('2');
    expect(again.headers.get('x-mask-box')).toMatch(/,0,0,0$|^(\d+,){3}0,/);

    const closed = await alice(`/api/sessions/${session.id}`, { method: 'DELETE' });
    expect(closed.status).toBe(204);
    const afterClose = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [] }));
    expect(afterClose.status).toBe(410);
  });

  it('opens on an uploaded image (multipart field "image")', async () => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(pngBytes())]), 'picture.png');
    const res = await alice(`/api/models/${modelId}/sessions`, { method: 'POST', body: form });
    expect(res.status, await res.clone().text()).toBe(201);
    const session = (await res.json()) as SessionBody;
    expect(session.grid).toMatchObject({ sizeX: 24, sizeY: 20, sizeZ: 1 });
    const prompted = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [point(12, 10)] }));
    expect(prompted.status).toBe(200);
  });

  it("refuses another user's session with 403, and a model the caller may not use", async () => {
    const session = await open();
    const res = await bob(`/api/sessions/${session.id}/prompts`, post({ prompts: [point(1, 1)] }));
    expect(res.status).toBe(403);
    expect((await bob(`/api/sessions/${session.id}`, { method: 'DELETE' })).status).toBe(403);
    const notHis = await bob(`/api/models/${modelId}/sessions`, post({ datasetId: dataset.id, caseIndex: 0 }));
    expect(notHis.status).toBe(404);
  });

  it("answers 400 with the ml-service's words for a prompt outside the grid, and the edge's for a bad body", async () => {
    const session = await open();
    const outside = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [point(500, 1)] }));
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as { message: string }).message).toMatch(/outside|grid|within/i);
    const bad = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [{ kind: 'box', classIndex: 1, points: [1, 1, 0] }] }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('points of a box must be 2 vertices');
    const noBody = await alice(`/api/models/${modelId}/sessions`, post({}));
    expect(noBody.status).toBe(400);
  });

  it('takes a long session of scribbles (the whole list is sent each time), and refuses more than the vertex budget with 400', async () => {
    const session = await open();
    // 40 scribbles of 1000 vertices, zigzagging over the 35x33 grid: about 400 kB of JSON.
    const scribble = (k: number) => ({
      kind: 'scribble',
      classIndex: k % 2,
      planeAxis: 2,
      points: Array.from({ length: 1000 }, (_, i) => [(i * 7 + k) % 35, ((i * 3) % 33) + 0.25, 0]).flat(),
    });
    const many = Array.from({ length: 40 }, (_, k) => scribble(k));
    const res = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: many }));
    expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);

    const tooMany = Array.from({ length: 70 }, (_, k) => scribble(k));
    const over = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: tooMany }));
    expect(over.status).toBe(400);
    expect(JSON.stringify(await over.json())).toMatch(/70000 vertices in all; at most 65536/);

    // A body past any valid list is refused before it is parsed, saying what the limit is.
    const huge = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [{ kind: 'scribble', classIndex: 1, points: Array(600_000).fill(1.2345678) }] }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { message: string }).message).toMatch(/larger than 4 MiB/);
  });

  it('answers 410 telling to reopen after the ml-service restarts', async () => {
    const session = await open();
    await stack.ml.stop();
    await stack.restartMl();
    let res: Response | null = null;
    await waitUntil(async () => {
      res = await alice(`/api/sessions/${session.id}/prompts`, post({ prompts: [point(17, 16)] }));
      return res.status !== 503;
    }, 30_000);
    expect(res!.status).toBe(410);
    expect(((await res!.json()) as { message: string }).message).toContain('open a new one');
    const reopened = await open();
    const ok = await alice(`/api/sessions/${reopened.id}/prompts`, post({ prompts: [point(17, 16)] }));
    expect(ok.status).toBe(200);
  }, 120_000);
});
