import { NVImage } from '@niivue/niivue';
import { drawingToNifti } from './niivue-engine';

/**
 * A 3×4×5 uint8 NIfTI whose axes are neither RAS nor in RAS order: voxel i runs to anterior,
 * j to the left, k to inferior. NiiVue reorients it to RAS for display and drawing.
 */
function obliqueNifti(voxels: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(352 + voxels.length);
  const view = new DataView(buffer);
  view.setInt32(0, 348, true);
  [3, 3, 4, 5, 1, 1, 1, 1].forEach((d, i) => view.setInt16(40 + 2 * i, d, true));
  view.setInt16(70, 2, true);
  view.setInt16(72, 8, true);
  [1, 1, 1, 1, 1, 1, 1, 1].forEach((p, i) => view.setFloat32(76 + 4 * i, p, true));
  view.setFloat32(108, 352, true);
  view.setFloat32(112, 1, true);
  view.setInt16(254, 2, true);
  const rows = [
    [0, -1, 0, 10],
    [1, 0, 0, -5],
    [0, 0, -1, 7],
  ];
  rows.forEach((row, r) => row.forEach((v, c) => view.setFloat32(280 + 16 * r + 4 * c, v, true)));
  [0x6e, 0x2b, 0x31, 0].forEach((b, i) => view.setUint8(344 + i, b));
  new Uint8Array(buffer, 352).set(voxels);
  return buffer;
}

describe('drawingToNifti', () => {
  it('writes a drawing of known voxels back to exactly those voxels on the image grid', async () => {
    const n = 3 * 4 * 5;
    const native = [1 + 3 * 2 + 12 * 0, 2 + 3 * 3 + 12 * 4, 0];
    // The image marks the voxels: where NiiVue shows them is where a person draws on them.
    const marked = new Uint8Array(n);
    native.forEach((index, k) => (marked[index] = 10 + k));
    const image = await NVImage.loadFromUrl({
      url: 'image.nii',
      name: 'image.nii',
      buffer: obliqueNifti(marked),
    });
    expect(image.permRAS).not.toEqual([1, 2, 3]);
    const ras = image.img2RAS() as ArrayLike<number>;
    const drawing = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (ras[i] >= 10) drawing[i] = ras[i] - 9;

    const file = await drawingToNifti(image, drawing, false);
    const view = new DataView(file.buffer, file.byteOffset);
    expect([1, 2, 3].map((d) => view.getInt16(40 + 2 * d, true))).toEqual([3, 4, 5]);
    expect(view.getInt16(70, true)).toBe(2);
    const srow = [0, 1, 2, 3].map((c) => view.getFloat32(280 + 4 * c, true));
    expect(srow).toEqual([0, -1, 0, 10]);
    const offset = view.getFloat32(108, true);
    const out = file.slice(offset, offset + n);
    const expected = new Uint8Array(n);
    native.forEach((index, k) => (expected[index] = k + 1));
    expect([...out]).toEqual([...expected]);
  });
});
