import { type EditStep, applyRuns, diffRuns } from './edit-history';

/** A box of the session grid (NIfTI voxel indices, x fastest) and its voxels, as MaskPatch holds them. */
export interface MaskBox {
  x: number;
  y: number;
  z: number;
  sizeX: number;
  sizeY: number;
  sizeZ: number;
}

/** A voxel of the patch that did not change. */
export const UNCHANGED = 255;

/** "x,y,z,sizeX,sizeY,sizeZ" (the X-Mask-Box header); null when it is not six whole numbers. */
export function parseMaskBox(header: string | null): MaskBox | null {
  const n = (header ?? '').split(',').map((v) => Number(v.trim()));
  if (n.length !== 6 || n.some((v) => !Number.isInteger(v) || v < 0)) return null;
  const [x, y, z, sizeX, sizeY, sizeZ] = n;
  return { x, y, z, sizeX, sizeY, sizeZ };
}

/** Inflates zlib (RFC 1950) bytes, as MaskPatch.voxels holds them; `expected` bytes or it throws. */
export async function inflate(
  bytes: ArrayBuffer | Uint8Array,
  expected: number,
): Promise<Uint8Array> {
  if (expected === 0) return new Uint8Array(0);
  const stream = new Response(bytes as BodyInit).body!.pipeThrough(
    new DecompressionStream('deflate'),
  );
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  if (out.length !== expected)
    throw new Error(`The mask patch holds ${out.length} voxels, its box ${expected}`);
  return out;
}

export function boxVoxels(box: MaskBox): number {
  return box.sizeX * box.sizeY * box.sizeZ;
}

/**
 * Where a file voxel (i, j, k) of `dims` lands in NiiVue's RAS-ordered drawing: its index is
 * `offset + i * strides[0] + j * strides[1] + k * strides[2]` (`permRAS` as voxel-axes.ts says).
 */
export function rasIndexing(
  perm: readonly [number, number, number],
  dims: readonly [number, number, number],
): { offset: number; strides: [number, number, number] } {
  const rasDims = perm.map((p) => dims[Math.abs(p) - 1]);
  const rasStride = [1, rasDims[0], rasDims[0] * rasDims[1]];
  const strides: [number, number, number] = [0, 0, 0];
  let offset = 0;
  for (let a = 0; a < 3; a++) {
    const axis = Math.abs(perm[a]) - 1;
    if (perm[a] < 0) {
      strides[axis] = -rasStride[a];
      offset += (dims[axis] - 1) * rasStride[a];
    } else strides[axis] = rasStride[a];
  }
  return { offset, strides };
}

/**
 * The file axis each session axis (x, y, z) runs along, unflipped. The session grid is the file's own
 * (i, j, k), except for a one-slice picture, which the ml-service names x = column, y = row, z = 0:
 * the file axes shown across, down and through (permRAS), as the viewer's pixel readout does.
 * Throws when neither fits the grid the ml-service sent.
 */
export function sessionAxes(
  grid: { sizeX: number; sizeY: number; sizeZ: number },
  perm: readonly [number, number, number],
  dims: readonly [number, number, number],
): [number, number, number] {
  const sizes = [grid.sizeX, grid.sizeY, grid.sizeZ];
  const candidates: [number, number, number][] = [
    [0, 1, 2],
    perm.map((p) => Math.abs(p) - 1) as [number, number, number],
  ];
  const fit = candidates.find((axes) => axes.every((n, s) => dims[n] === sizes[s]));
  if (!fit)
    throw new Error(
      `The session's ${sizes.join('x')} grid does not match the image's ${dims.join('x')} voxels`,
    );
  return fit;
}

/** What one answer changes in the drawing: RAS indices and the class each now holds. */
export interface MaskChange {
  rasIndices: Uint32Array;
  classes: Uint8Array;
  /** The step of `shown` (undone with the drawing's step). */
  shownStep: EditStep;
}

/**
 * The model's side of a guided edit, on NiiVue's RAS-ordered grid: `session` mirrors the result the
 * ml-service diffs its next answer against, `shown` the model result the drawing reflects (the
 * prompts in force). They part when a prompt is undone here (the session still holds it) or a new
 * session starts from the automatic result (after a 410): an answer then changes the drawing
 * wherever the new result differs from what was shown, not only where the patch says.
 * 255 marks a voxel the model has not predicted yet (a slice of a 2D model not yet prompted).
 */
export class GuidedMask {
  private readonly session: Uint8Array;
  private readonly shown: Uint8Array;
  private readonly indexing: ReturnType<typeof rasIndexing>;
  /** Whether `session` and `shown` may differ outside the next patch's box. */
  private parted = false;

  /** The session grid's sizes (x, y, z). */
  private readonly dims: [number, number, number];

  /**
   * @param perm NiiVue's permRAS of the image.
   * @param native the image file's voxel sizes (i, j, k).
   * @param axes the file axis of each session axis (`sessionAxes`).
   */
  constructor(
    perm: readonly [number, number, number],
    native: readonly [number, number, number],
    axes: readonly [number, number, number] = [0, 1, 2],
  ) {
    const file = rasIndexing(perm, native);
    this.indexing = {
      offset: file.offset,
      strides: axes.map((n) => file.strides[n]) as [number, number, number],
    };
    this.dims = axes.map((n) => native[n]) as [number, number, number];
    this.session = new Uint8Array(native[0] * native[1] * native[2]).fill(UNCHANGED);
    this.shown = this.session.slice();
  }

  /**
   * A new session's automatic result (null: none sent). `asShown`: the drawing starts from it too
   * (the first session of a case); a reopened session leaves `shown` as it is.
   */
  startSession(box: MaskBox | null, voxels: Uint8Array | null, asShown: boolean): void {
    this.session.fill(UNCHANGED);
    if (box && voxels) this.write(this.session, box, voxels);
    if (asShown) this.shown.set(this.session);
    else this.parted = true;
  }

  /** Applies an answer's patch to the session; returns where the drawing must change. */
  apply(box: MaskBox, voxels: Uint8Array): MaskChange {
    this.write(this.session, box, voxels);
    const indices: number[] = [];
    const classes: number[] = [];
    const before = this.shown.slice();
    const visit = (r: number) => {
      const now = this.session[r];
      if (now !== UNCHANGED && now !== this.shown[r]) {
        indices.push(r);
        classes.push(now);
        this.shown[r] = now;
      }
    };
    // Where they never parted, only the box can differ: a click on a 256³ volume scans its box.
    if (this.parted) for (let r = 0; r < this.session.length; r++) visit(r);
    else this.eachInBox(box, visit);
    this.parted = false;
    return {
      rasIndices: Uint32Array.from(indices),
      classes: Uint8Array.from(classes),
      shownStep: diffRuns(before, this.shown),
    };
  }

  /** The drawing's prompt step was undone (or redone): `shown` follows it. */
  move(step: EditStep, direction: 'undo' | 'redo'): void {
    applyRuns(this.shown, step, direction);
    this.parted = true;
  }

  private write(target: Uint8Array, box: MaskBox, voxels: Uint8Array): void {
    if (voxels.length !== boxVoxels(box))
      throw new Error(`The mask patch holds ${voxels.length} voxels, its box ${boxVoxels(box)}`);
    this.eachInBox(box, (r, v) => {
      if (voxels[v] !== UNCHANGED) target[r] = voxels[v];
    });
  }

  /** Calls `visit(rasIndex, patchIndex)` for each voxel of the box, x fastest. */
  private eachInBox(box: MaskBox, visit: (r: number, v: number) => void): void {
    const { offset, strides } = this.indexing;
    const [dx, dy, dz] = this.dims;
    if (box.x + box.sizeX > dx || box.y + box.sizeY > dy || box.z + box.sizeZ > dz)
      throw new Error(`The mask patch's box lies outside the ${dx}x${dy}x${dz} grid`);
    let v = 0;
    for (let k = box.z; k < box.z + box.sizeZ; k++)
      for (let j = box.y; j < box.y + box.sizeY; j++) {
        let r = offset + j * strides[1] + k * strides[2] + box.x * strides[0];
        for (let i = 0; i < box.sizeX; i++, v++, r += strides[0]) visit(r, v);
      }
  }
}
