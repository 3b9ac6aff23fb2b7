import { type PromptTool } from './edit-shortcuts';
import { type PromptDto } from './guided-session.client';
import { type PermRAS, rasToNative } from './voxel-axes';

/** Most vertices of one prompt (GuidancePrompt's limit). */
export const MAX_PROMPT_VERTICES = 4096;

/** A mouse position on a slice: NiiVue's RAS voxel and the RAS axis the slice is across. */
export interface GesturePoint {
  ras: readonly [number, number, number];
  axis: 0 | 1 | 2;
}

const KIND: Record<PromptTool, PromptDto['kind']> = {
  click: 'point',
  box: 'box',
  scribble: 'scribble',
  lasso: 'lasso',
};

/**
 * The prompt a gesture makes, in the session grid (the file's own voxels): a click's point, a
 * drag's two box corners, a stroke's or outline's vertices (one per voxel moved, at most 4096),
 * all on the slice the gesture started on. Null for a gesture that makes none (a box without
 * area, an outline of fewer than three voxels).
 */
export function gesturePrompt(
  tool: PromptTool,
  points: readonly GesturePoint[],
  classIndex: number,
  perm: PermRAS,
  dims: readonly [number, number, number],
): PromptDto | null {
  if (points.length === 0) return null;
  const axis = points[0].axis;
  const slice = Math.round(points[0].ras[axis]);
  const onSlice = points
    .filter((p) => p.axis === axis)
    .map((p) => {
      const ras = [...p.ras];
      ras[axis] = slice;
      return rasToNative(
        ras.map((v) => Math.round(v * 10) / 10),
        perm,
        dims,
      );
    });
  const planeAxis = (Math.abs(perm[axis]) - 1) as 0 | 1 | 2;
  const kind = KIND[tool];
  let vertices: number[][];
  if (tool === 'click') vertices = [onSlice[onSlice.length - 1]];
  else if (tool === 'box') {
    const [a, b] = [onSlice[0], onSlice[onSlice.length - 1]];
    const flat = [0, 1, 2].some((d) => d !== planeAxis && Math.abs(a[d] - b[d]) < 1);
    if (flat) return null;
    vertices = [a, b];
  } else {
    vertices = thin(onSlice);
    if (tool === 'lasso' && vertices.length < 3) return null;
  }
  return { kind, classIndex, points: vertices.flat(), planeAxis };
}

/** Consecutive vertices at least a voxel apart, evenly thinned to the vertex limit. */
function thin(vertices: readonly number[][]): number[][] {
  const kept: number[][] = [];
  for (const v of vertices) {
    const last = kept[kept.length - 1];
    if (!last || Math.hypot(v[0] - last[0], v[1] - last[1], v[2] - last[2]) >= 1) kept.push(v);
  }
  if (kept.length <= MAX_PROMPT_VERTICES) return kept;
  const step = kept.length / MAX_PROMPT_VERTICES;
  return Array.from({ length: MAX_PROMPT_VERTICES }, (_, i) => kept[Math.floor(i * step)]);
}

/** The RAS voxel of a file voxel (the inverse of rasToNative). */
export function nativeToRas(
  native: readonly number[],
  perm: PermRAS,
  dims: readonly [number, number, number],
): [number, number, number] {
  const ras: [number, number, number] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const axis = Math.abs(perm[a]) - 1;
    ras[a] = perm[a] < 0 ? dims[axis] - 1 - native[axis] : native[axis];
  }
  return ras;
}
