/**
 * NiiVue holds every volume, and the drawing, in RAS voxel order; `permRAS[a]` names the file's
 * own axis (1-based, negative when reversed) that runs along RAS axis a. These map its voxels back
 * to the file's, so what the viewer names is what other tools (and the saved mask) call the voxel.
 */
export type PermRAS = readonly [number, number, number];

/** The file's voxel (i, j, k) of a RAS voxel; `dims` are the file's sizes along i, j, k. */
export function rasToNative(
  ras: ArrayLike<number>,
  perm: PermRAS,
  dims: readonly [number, number, number],
): [number, number, number] {
  const native: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const axis = Math.abs(perm[a]) - 1;
    native[axis] = perm[a] < 0 ? dims[axis] - 1 - ras[a] : ras[a];
  }
  return native;
}

/**
 * Whether a one-slice picture must be shown in radiological order to keep its stored columns
 * left to right: NiiVue's neurological view puts RAS x rising to the right, so a column axis that
 * runs to the left (a 2D case's grid: columns toward L) would show mirrored.
 */
export function flatMirrored(perm: PermRAS): boolean {
  return perm[0] < 0;
}

/** A picture's column and row of a file voxel: the file axes shown across and down. */
export function flatPixel(native: readonly number[], perm: PermRAS): [number, number] {
  return [native[Math.abs(perm[0]) - 1], native[Math.abs(perm[1]) - 1]];
}
