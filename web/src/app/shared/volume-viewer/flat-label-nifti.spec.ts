import { flatLabelNifti } from './flat-label-nifti';

describe('flatLabelNifti', () => {
  it('writes a one-slice label NIfTI on the grid NiiVue gives a PNG', () => {
    const bytes = flatLabelNifti([0, 1, 2, 0, 0, 255], 3, 2);
    const view = new DataView(bytes);
    expect(view.getInt32(0, true)).toBe(348);
    expect([0, 1, 2, 3].map((i) => view.getInt16(40 + 2 * i, true))).toEqual([3, 3, 2, 1]);
    expect(view.getInt16(68, true)).toBe(1002);
    expect(view.getInt16(70, true)).toBe(2);
    expect(view.getFloat32(108, true)).toBe(352);
    expect(view.getInt16(254, true)).toBe(2);
    const srow = (r: number) =>
      [0, 1, 2, 3].map((c) => view.getFloat32(280 + 16 * r + 4 * c, true));
    expect(srow(0)).toEqual([1, 0, 0, -0.5]);
    expect(srow(1)).toEqual([0, -1, 0, 0]);
    expect(srow(2)).toEqual([0, 0, -1, -0.5]);
    expect(new TextDecoder().decode(new Uint8Array(bytes, 344, 3))).toBe('n+1');
    expect([...new Uint8Array(bytes, 352)]).toEqual([0, 1, 2, 0, 0, 255]);
  });

  it('keeps label values above 255 in 16 bits', () => {
    const bytes = flatLabelNifti([0, 300], 2, 1);
    expect(new DataView(bytes).getInt16(70, true)).toBe(512);
    expect([...new Uint16Array(bytes, 352)]).toEqual([0, 300]);
  });

  it('refuses a map of another size', () => {
    expect(() => flatLabelNifti([0, 1, 2], 2, 2)).toThrow(/needs 4 values, not 3/);
  });
});
