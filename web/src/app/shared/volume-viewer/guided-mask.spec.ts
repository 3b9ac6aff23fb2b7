import {
  GuidedMask,
  UNCHANGED,
  inflate,
  parseMaskBox,
  rasIndexing,
  sessionAxes,
} from './guided-mask';

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Response(bytes as BodyInit).body!.pipeThrough(
    new CompressionStream('deflate'),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const U = UNCHANGED;
const identity = [1, 2, 3] as const;

describe('parseMaskBox', () => {
  it('reads six whole numbers and refuses anything else', () => {
    expect(parseMaskBox('1,2,0,3,4,1')).toEqual({ x: 1, y: 2, z: 0, sizeX: 3, sizeY: 4, sizeZ: 1 });
    expect(parseMaskBox('1,2,3')).toBeNull();
    expect(parseMaskBox(null)).toBeNull();
    expect(parseMaskBox('1,2,0,3,4,-1')).toBeNull();
  });
});

describe('inflate', () => {
  it('inflates zlib bytes and checks their count against the box', async () => {
    const voxels = Uint8Array.from([1, U, 2, 0]);
    expect([...(await inflate(await deflate(voxels), 4))]).toEqual([1, U, 2, 0]);
    await expect(inflate(await deflate(voxels), 5)).rejects.toThrow(/4 voxels, its box 5/);
  });
});

describe('rasIndexing', () => {
  it('follows reversed and swapped axes', () => {
    // RAS x = file j reversed (size 3), RAS y = file i (size 2), RAS z = file k.
    const { offset, strides } = rasIndexing([-2, 1, 3], [2, 3, 1]);
    // File voxel (i=0, j=0) lies at RAS (x=2, y=0): index 2.
    expect(offset + 0 * strides[0] + 0 * strides[1]).toBe(2);
    // File (i=1, j=2) at RAS (x=0, y=1): index 3.
    expect(offset + strides[0] + 2 * strides[1]).toBe(3);
  });
});

describe('GuidedMask', () => {
  const all = { x: 0, y: 0, z: 0, sizeX: 4, sizeY: 1, sizeZ: 1 };

  it('changes the drawing where the patch says, starting from the automatic result', () => {
    const mask = new GuidedMask(identity, [4, 1, 1]);
    mask.startSession(all, Uint8Array.from([0, 1, 1, 0]), true);
    const change = mask.apply(all, Uint8Array.from([1, U, U, U]));
    expect([...change.rasIndices]).toEqual([0]);
    expect([...change.classes]).toEqual([1]);
  });

  it('after an undo, the next answer also restores what the session still held', () => {
    const mask = new GuidedMask(identity, [4, 1, 1]);
    mask.startSession(all, Uint8Array.from([0, 0, 0, 0]), true);
    const first = mask.apply(all, Uint8Array.from([1, 1, U, U]));
    mask.move(first.shownStep, 'undo');
    // The session still holds [1, 1, 0, 0]; the new list's result keeps voxel 0 and adds voxel 3.
    const next = mask.apply(
      { x: 1, y: 0, z: 0, sizeX: 3, sizeY: 1, sizeZ: 1 },
      Uint8Array.from([0, U, 1]),
    );
    expect([...next.rasIndices]).toEqual([0, 3]);
    expect([...next.classes]).toEqual([1, 1]);
  });

  it('a reopened session diffs against its automatic result, the drawing against what it showed', () => {
    const mask = new GuidedMask(identity, [4, 1, 1]);
    mask.startSession(all, Uint8Array.from([0, 0, 0, 0]), true);
    mask.apply(all, Uint8Array.from([1, 1, U, U]));
    mask.startSession(all, Uint8Array.from([0, 0, 0, 0]), false);
    // The prompts sent again give [1, 1, 1, 0]: only voxel 2 is new to the drawing.
    const again = mask.apply(all, Uint8Array.from([1, 1, 1, U]));
    expect([...again.rasIndices]).toEqual([2]);
  });

  it('refuses a box outside the grid', () => {
    const mask = new GuidedMask(identity, [4, 1, 1]);
    expect(() => mask.apply({ ...all, x: 1 }, new Uint8Array(4))).toThrow(/outside the 4x1x1 grid/);
  });
});

describe('sessionAxes', () => {
  // A one-slice case's file: (slice, row, column) = (1, 3, 4), shown with columns across, rows down.
  const perm = [-3, -2, 1] as const;

  it("names a picture's session grid x = column, y = row, z = the slice", () => {
    expect(sessionAxes({ sizeX: 4, sizeY: 3, sizeZ: 1 }, perm, [1, 3, 4])).toEqual([2, 1, 0]);
  });

  it("keeps a volume's own (i, j, k) and refuses a grid that fits neither", () => {
    expect(sessionAxes({ sizeX: 5, sizeY: 6, sizeZ: 7 }, [1, 2, 3], [5, 6, 7])).toEqual([0, 1, 2]);
    expect(() => sessionAxes({ sizeX: 2, sizeY: 2, sizeZ: 2 }, perm, [1, 3, 4])).toThrow(
      /2x2x2 grid does not match the image's 1x3x4/,
    );
  });

  it("writes a picture's patch where NiiVue draws that column and row", () => {
    const mask = new GuidedMask(perm, [1, 3, 4], [2, 1, 0]);
    // Column 0, row 0 of the picture: RAS x = 3 (columns run to the left), y = 2 (rows downward).
    const change = mask.apply({ x: 0, y: 0, z: 0, sizeX: 1, sizeY: 1, sizeZ: 1 }, Uint8Array.of(1));
    expect([...change.rasIndices]).toEqual([3 + 2 * 4]);
  });
});
