/**
 * Boundary voxels of each label region of a volume stored x fastest (NIfTI order, `dims` =
 * [x, y, z]): a labelled voxel whose 6-neighbour holds another value; the volume's edge counts as
 * another value, except along an axis of one voxel (a 2D image has no z neighbours). Other voxels
 * become 0. NiiVue's own atlas outline only darkens borders and keeps the regions filled, so the
 * viewer's outline mode shows this volume instead.
 */
export function labelContour<T extends ArrayLike<number>>(
  voxels: T,
  dims: readonly [number, number, number],
  make: (length: number) => T & { [index: number]: number },
): T {
  const [nx, ny, nz] = dims;
  const out = make(voxels.length);
  const strideY = nx;
  const strideZ = nx * ny;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + y * strideY + z * strideZ;
        const v = voxels[i];
        if (v === 0) continue;
        const differs = (axisSize: number, at: number, stride: number): boolean =>
          axisSize > 1 &&
          (at === 0 || at === axisSize - 1 || voxels[i - stride] !== v || voxels[i + stride] !== v);
        if (differs(nx, x, 1) || differs(ny, y, strideY) || differs(nz, z, strideZ)) out[i] = v;
      }
    }
  }
  return out;
}
