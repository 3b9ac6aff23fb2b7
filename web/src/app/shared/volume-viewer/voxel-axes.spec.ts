import { flatMirrored, flatPixel, rasToNative } from './voxel-axes';

describe('voxel axes', () => {
  // A 2D case's grid (medseg_ml display_grid): axes (slice, row, column) run to S, P and L.
  const caseGrid = [-3, -2, 1] as const;
  const dims = [1, 48, 64] as const;

  it('maps a RAS voxel back to the file voxel (reversed axes counted from their far end)', () => {
    // RAS x 0 is the rightmost column (63), RAS y 0 the bottom row (47).
    expect(rasToNative([0, 0, 0], caseGrid, dims)).toEqual([0, 47, 63]);
    expect(rasToNative([63, 47, 0], caseGrid, dims)).toEqual([0, 0, 0]);
    expect(rasToNative([2, 3, 4], [1, 2, 3], [5, 6, 7])).toEqual([2, 3, 4]);
  });

  it('names the picture pixel as stored: column, then row', () => {
    expect(flatPixel(rasToNative([53, 40, 0], caseGrid, dims), caseGrid)).toEqual([10, 7]);
  });

  it('shows a picture whose columns run to the left in radiological order, else as it is', () => {
    expect(flatMirrored(caseGrid)).toBe(true);
    expect(flatMirrored([1, -2, 3])).toBe(false);
  });
});
