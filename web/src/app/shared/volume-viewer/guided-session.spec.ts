import { ApiError } from '../api-error';
import { UNCHANGED } from './guided-mask';
import { type PromptAnswer, type PromptDto, type SessionDto } from './guided-session.client';
import { GuidedSession } from './guided-session';

const U = UNCHANGED;

async function deflate(bytes: number[]): Promise<ArrayBuffer> {
  const stream = new Response(Uint8Array.from(bytes)).body!.pipeThrough(
    new CompressionStream('deflate'),
  );
  return new Response(stream).arrayBuffer();
}

async function base64Deflate(bytes: number[]): Promise<string> {
  return btoa(String.fromCharCode(...new Uint8Array(await deflate(bytes))));
}

const box = { x: 0, y: 0, z: 0, sizeX: 4, sizeY: 1, sizeZ: 1 };

/** A fake gateway: answers each prompt list with the patch `answers` holds for its length. */
class FakeClient {
  opened = 0;
  closed: string[] = [];
  sent: PromptDto[][] = [];
  gone = false;
  answers: number[][] = [];

  async open(): Promise<SessionDto> {
    this.opened++;
    return {
      id: `s${this.opened}`,
      modelId: 'm',
      grid: { sizeX: 4, sizeY: 1, sizeZ: 1, sliceAxis: 2 },
      guided: true,
      spatialDims: 2,
      labelValues: [0, 7],
      labels: [],
      ttlS: 600,
      mask: { ...box, voxels: await base64Deflate([0, 0, 0, 0]) },
    };
  }

  async prompt(id: string, prompts: readonly PromptDto[]): Promise<PromptAnswer> {
    if (this.gone) {
      this.gone = false;
      throw new ApiError(410, 'Session is gone');
    }
    this.sent.push([...prompts]);
    return {
      box,
      voxels: await deflate(this.answers[prompts.length - 1]),
      revision: prompts.length,
    };
  }

  async close(id: string): Promise<void> {
    this.closed.push(id);
  }
}

const point = (x: number, classIndex = 1): PromptDto => ({
  kind: 'point',
  classIndex,
  points: [x, 0, 0],
  planeAxis: 2,
});

describe('GuidedSession', () => {
  function session(client: FakeClient): GuidedSession {
    return new GuidedSession(
      client,
      { modelId: 'm', datasetId: 'd', caseIndex: 0 },
      [1, 2, 3],
      [4, 1, 1],
    );
  }

  it('sends every prompt in force and maps classes to label values', async () => {
    const client = new FakeClient();
    client.answers = [
      [1, U, U, U],
      [U, 1, U, U],
    ];
    const s = session(client);
    await s.open();
    const first = await s.send(point(0));
    expect([...first.rasIndices]).toEqual([0]);
    expect([...first.values]).toEqual([7]);
    await s.send(point(1));
    expect(client.sent.map((list) => list.length)).toEqual([1, 2]);
    expect(s.prompts().length).toBe(2);
  });

  it('drops an undone prompt from the next request and brings it back on redo', async () => {
    const client = new FakeClient();
    client.answers = [
      [1, U, U, U],
      [U, 1, U, U],
    ];
    const s = session(client);
    await s.open();
    await s.send(point(0));
    const second = await s.send(point(1));
    s.undo(second.step);
    expect(s.prompts()).toEqual([point(0)]);
    s.redo(second.step);
    expect(s.prompts().map((p) => p.points[0])).toEqual([0, 1]);
    s.undo(second.step);
    client.answers[1] = [U, 0, 1, U];
    await s.send(point(2));
    expect(client.sent[2].map((p) => p.points[0])).toEqual([0, 2]);
  });

  it('opens a new session and sends the prompts again when the old one is gone', async () => {
    const client = new FakeClient();
    client.answers = [
      [1, U, U, U],
      [1, 1, U, U],
    ];
    const s = session(client);
    await s.open();
    await s.send(point(0));
    client.gone = true;
    const change = await s.send(point(1));
    expect(client.opened).toBe(2);
    expect(client.sent[1].length).toBe(2);
    // Voxel 0 was already shown: only voxel 1 is new to the drawing.
    expect([...change.rasIndices]).toEqual([1]);
  });

  it('keeps the list as it was when a prompt is refused', async () => {
    const client = new FakeClient();
    client.answers = [[1, U, U, U]];
    const s = session(client);
    await s.open();
    client.prompt = () => Promise.reject(new ApiError(400, 'outside the grid'));
    await expect(s.send(point(9))).rejects.toThrow('outside the grid');
    expect(s.prompts()).toEqual([]);
    s.close();
    expect(client.closed).toEqual(['s1']);
  });
});
