import { labelContour } from './label-contour';

const make = (n: number) => new Uint8Array(n);

describe('labelContour', () => {
  it('keeps the rim of a 2D region and empties its inside (a one-slice image has no z edge)', () => {
    // 5 × 4 × 1, a 3 × 3 block of label 2 at x 1–3, y 0–2.
    const voxels = new Uint8Array(20);
    for (let y = 0; y < 3; y++) for (let x = 1; x < 4; x++) voxels[x + y * 5] = 2;
    const out = labelContour(voxels, [5, 4, 1], make);
    const inside = 2 + 1 * 5;
    expect(out[inside]).toBe(0);
    expect([...out].filter((v) => v === 2)).toHaveLength(8);
  });

  it('draws the border between two touching labels in both and treats volume edges as borders', () => {
    const voxels = new Uint8Array(3 * 3 * 3).fill(1);
    voxels[1 + 1 * 3 + 1 * 9] = 1;
    const out = labelContour(voxels, [3, 3, 3], make);
    // Every voxel but the centre touches the edge; the centre's neighbours all hold 1.
    expect(out[13]).toBe(0);
    expect([...out].filter((v) => v === 1)).toHaveLength(26);

    const two = new Uint8Array(4 * 1 * 1);
    two.set([1, 1, 2, 2]);
    expect([...labelContour(two, [4, 1, 1], make)]).toEqual([1, 1, 2, 2]);
  });

  it('keeps the voxel type of the volume', () => {
    const out = labelContour(new Uint16Array([0, 300, 0]), [3, 1, 1], (n) => new Uint16Array(n));
    expect(out).toBeInstanceOf(Uint16Array);
    expect([...out]).toEqual([0, 300, 0]);
  });
});
