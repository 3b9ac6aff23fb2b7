/**
 * The voxels a stroke touched since the last upload, as one box: the drawing texture is then
 * updated in that box only (a brush dab on a 256³ volume is a few thousand voxels, the whole
 * drawing 16 MB).
 */
export class DirtyBox {
  private min = [Infinity, Infinity, Infinity];
  private max = [-Infinity, -Infinity, -Infinity];

  get empty(): boolean {
    return this.min[0] > this.max[0];
  }

  /** Adds a voxel and `margin` voxels around it on every axis. */
  add(voxel: ArrayLike<number>, margin: number): void {
    for (let a = 0; a < 3; a++) {
      this.min[a] = Math.min(this.min[a], Math.floor(voxel[a]) - margin);
      this.max[a] = Math.max(this.max[a], Math.ceil(voxel[a]) + margin);
    }
  }

  /**
   * The box clamped to a volume of `dims` voxels (x, y, z) as offset and size, and forgotten;
   * null when nothing inside the volume was touched.
   */
  take(dims: readonly [number, number, number]): { offset: number[]; size: number[] } | null {
    const offset = this.min.map((v) => Math.max(0, v));
    const end = this.max.map((v, a) => Math.min(dims[a] - 1, v));
    this.min = [Infinity, Infinity, Infinity];
    this.max = [-Infinity, -Infinity, -Infinity];
    const size = end.map((e, a) => e - offset[a] + 1);
    return size.every((s) => s > 0) ? { offset, size } : null;
  }
}
