import { DirtyBox } from './dirty-box';

describe('DirtyBox', () => {
  it('covers every voxel added with its margin, clamped to the volume, then starts over', () => {
    const box = new DirtyBox();
    expect(box.empty).toBe(true);
    box.add([10, 20, 5], 2);
    box.add([14, 18, 5], 2);
    expect(box.take([256, 256, 256])).toEqual({ offset: [8, 16, 3], size: [9, 7, 5] });
    expect(box.empty).toBe(true);
    expect(box.take([256, 256, 256])).toBeNull();
  });

  it('clamps at the volume edges, and is null for voxels outside it', () => {
    const box = new DirtyBox();
    box.add([0, 63, 0], 3);
    expect(box.take([64, 64, 1])).toEqual({ offset: [0, 60, 0], size: [4, 4, 1] });
    box.add([100, 100, 100], 1);
    expect(box.take([64, 64, 1])).toBeNull();
  });
});
