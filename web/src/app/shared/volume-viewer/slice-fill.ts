/**
 * Fills the region of one slice around `seed` (4-connected voxels of the seed's value) with
 * `value`: a closed outline drawn with the brush becomes a filled label. Works in place on a
 * drawing of `dims` voxels (x fastest), in the slice through `seed` across `axis` (0 sagittal,
 * 1 coronal, 2 axial). Returns the voxels it changed.
 */
export function fillSliceRegion(
  drawing: Uint8Array,
  dims: readonly [number, number, number],
  axis: 0 | 1 | 2,
  seed: readonly [number, number, number],
  value: number,
): number {
  const [nx, ny, nz] = dims;
  if (drawing.length !== nx * ny * nz)
    throw new Error(`A ${nx}×${ny}×${nz} drawing needs ${nx * ny * nz} voxels`);
  if (seed.some((s, i) => s < 0 || s >= dims[i] || !Number.isInteger(s))) return 0;
  const strides = [1, nx, nx * ny];
  // The two in-plane axes of the slice.
  const [u, v] = ([0, 1, 2] as const).filter((a) => a !== axis);
  const [nu, nv] = [dims[u], dims[v]];
  const [su, sv] = [strides[u], strides[v]];
  const base = seed[axis] * strides[axis];
  const index = (a: number, b: number) => base + a * su + b * sv;
  const target = drawing[index(seed[u], seed[v])];
  if (target === value) return 0;
  // A stack of in-plane positions (a * nv + b): at most one slice's worth.
  const stack = new Int32Array(nu * nv);
  let top = 0;
  let changed = 0;
  const push = (a: number, b: number) => {
    const i = index(a, b);
    if (drawing[i] !== target) return;
    drawing[i] = value;
    changed++;
    stack[top++] = a * nv + b;
  };
  push(seed[u], seed[v]);
  while (top > 0) {
    const p = stack[--top];
    const a = Math.floor(p / nv);
    const b = p - a * nv;
    if (a > 0) push(a - 1, b);
    if (a < nu - 1) push(a + 1, b);
    if (b > 0) push(a, b - 1);
    if (b < nv - 1) push(a, b + 1);
  }
  return changed;
}
