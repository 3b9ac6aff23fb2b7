import { fillSliceRegion } from './slice-fill';

describe('fillSliceRegion', () => {
  // A 5×5×2 drawing with a closed square outline of label 1 on axial slice 1.
  function outlined(): Uint8Array {
    const d = new Uint8Array(5 * 5 * 2);
    for (let x = 1; x <= 3; x++)
      for (let y = 1; y <= 3; y++) if (x !== 2 || y !== 2) d[25 + y * 5 + x] = 1;
    return d;
  }

  it('fills the inside of a closed outline on that slice only', () => {
    const d = outlined();
    expect(fillSliceRegion(d, [5, 5, 2], 2, [2, 2, 1], 1)).toBe(1);
    expect(d[25 + 2 * 5 + 2]).toBe(1);
    expect(d.slice(0, 25).every((v) => v === 0)).toBe(true);
  });

  it('fills the outside up to the outline and stops there', () => {
    const d = outlined();
    expect(fillSliceRegion(d, [5, 5, 2], 2, [0, 0, 1], 3)).toBe(16);
    expect(d[25 + 2 * 5 + 2]).toBe(0);
  });

  it('fills across another plane and ignores a seed outside the drawing', () => {
    const d = new Uint8Array(5 * 5 * 2);
    expect(fillSliceRegion(d, [5, 5, 2], 0, [4, 0, 0], 2)).toBe(10);
    expect(fillSliceRegion(d, [5, 5, 2], 0, [5, 0, 0], 2)).toBe(0);
  });
});
