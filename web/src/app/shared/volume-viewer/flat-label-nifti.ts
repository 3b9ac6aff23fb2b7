/** NIfTI-1 header size and the offset of the voxels after it (4 bytes of "no extension"). */
const HEADER_BYTES = 348;
const VOX_OFFSET = 352;
const NIFTI_INTENT_LABEL = 1002;
const DT_UINT8 = 2;
const DT_UINT16 = 512;
/** sform_code "aligned": the srow rows are the voxel → mm transform. */
const SFORM_ALIGNED = 2;

/**
 * A one-slice NIfTI-1 label volume of a 2D picture's label values (row-major, row 0 on top, as a
 * PNG stores its pixels), on the very grid NiiVue gives a PNG or JPEG it reads (`readBMP`: x to
 * the right, y and z flipped, centred), so it lies exactly over that picture as an overlay.
 */
export function flatLabelNifti(
  values: ArrayLike<number>,
  width: number,
  height: number,
): ArrayBuffer {
  if (values.length !== width * height)
    throw new Error(
      `A ${width} × ${height} label map needs ${width * height} values, not ${values.length}`,
    );
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  const wide = max > 255;
  const bytesPerVoxel = wide ? 2 : 1;
  const buffer = new ArrayBuffer(VOX_OFFSET + values.length * bytesPerVoxel);
  const view = new DataView(buffer);
  view.setInt32(0, HEADER_BYTES, true);
  [3, width, height, 1, 1, 1, 1, 1].forEach((d, i) => view.setInt16(40 + 2 * i, d, true));
  view.setInt16(68, NIFTI_INTENT_LABEL, true);
  view.setInt16(70, wide ? DT_UINT16 : DT_UINT8, true);
  view.setInt16(72, bytesPerVoxel * 8, true);
  [1, 1, 1, 1, 1, 1, 1, 1].forEach((p, i) => view.setFloat32(76 + 4 * i, p, true));
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true);
  view.setInt16(254, SFORM_ALIGNED, true);
  const rows = [
    [1, 0, 0, -(width - 2) * 0.5],
    [0, -1, 0, (height - 2) * 0.5],
    [0, 0, -1, -0.5],
  ];
  rows.forEach((row, r) => row.forEach((v, c) => view.setFloat32(280 + 16 * r + 4 * c, v, true)));
  [0x6e, 0x2b, 0x31, 0].forEach((b, i) => view.setUint8(344 + i, b)); // "n+1\0"
  const voxels = wide
    ? new Uint16Array(buffer, VOX_OFFSET, values.length)
    : new Uint8Array(buffer, VOX_OFFSET, values.length);
  voxels.set(values);
  return buffer;
}
