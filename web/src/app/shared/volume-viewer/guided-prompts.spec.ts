import { gesturePrompt, nativeToRas } from './guided-prompts';
import { rasToNative } from './voxel-axes';

const identity = [1, 2, 3] as const;
const dims = [10, 8, 6] as const;
const at = (x: number, y: number, z: number, axis: 0 | 1 | 2 = 2) => ({
  ras: [x, y, z] as const,
  axis,
});

describe('gesturePrompt', () => {
  it('makes a point of a click, positive or negative by the class asked for', () => {
    expect(gesturePrompt('click', [at(2, 3, 4)], 1, identity, dims)).toEqual({
      kind: 'point',
      classIndex: 1,
      points: [2, 3, 4],
      planeAxis: 2,
    });
    expect(gesturePrompt('click', [at(2, 3, 4)], 0, identity, dims)?.classIndex).toBe(0);
  });

  it('makes a box of a drag and none of a drag without area', () => {
    expect(
      gesturePrompt('box', [at(1, 1, 2), at(3, 3, 2), at(5, 6, 2)], 1, identity, dims)?.points,
    ).toEqual([1, 1, 2, 5, 6, 2]);
    expect(gesturePrompt('box', [at(1, 1, 2), at(1, 6, 2)], 1, identity, dims)).toBeNull();
  });

  it('keeps a stroke on the slice it began on, one vertex per voxel moved', () => {
    const stroke = [at(1, 1, 2), at(1.2, 1.1, 2), at(2, 1, 2.4), at(3, 1, 2)];
    const prompt = gesturePrompt('scribble', stroke, 2, identity, dims)!;
    expect(prompt.points).toEqual([1, 1, 2, 2, 1, 2, 3, 1, 2]);
  });

  it('refuses a lasso of fewer than three vertices', () => {
    expect(gesturePrompt('lasso', [at(1, 1, 2), at(1.1, 1, 2)], 1, identity, dims)).toBeNull();
  });

  it("names the file's own axes and voxels when NiiVue's RAS order differs", () => {
    // RAS x runs along the file's j reversed, y along i, z along k.
    const perm = [-2, 1, 3] as const;
    const prompt = gesturePrompt(
      'lasso',
      [at(0, 0, 1, 0), at(0, 4, 1, 0), at(0, 4, 5, 0)],
      1,
      perm,
      dims,
    )!;
    expect(prompt.planeAxis).toBe(1);
    expect(prompt.points.slice(0, 3)).toEqual(rasToNative([0, 0, 1], perm, dims));
    expect(nativeToRas(prompt.points.slice(6, 9), perm, dims)).toEqual([0, 4, 5]);
  });

  it('round-trips a voxel through nativeToRas', () => {
    const perm = [-2, 1, -3] as const;
    expect(rasToNative(nativeToRas([3, 5, 1], perm, dims), perm, dims)).toEqual([3, 5, 1]);
  });
});
