import { LOADING_COLOR, type Palette, type Rgb, classColor } from '../class-palette';
import { type LabelName, labelName } from '../label-names';

/** One foreground label as the viewer draws it: voxel value, name and colour. */
export interface LabelEntry {
  value: number;
  name: string;
  color: Rgb;
}

/** NiiVue's label colormap: parallel arrays, `I` the voxel values (see `setColormapLabel`). */
export interface LabelColormap {
  R: number[];
  G: number[];
  B: number[];
  A: number[];
  I: number[];
  labels: string[];
}

/** `#rgb` / `#rrggbb` to [r, g, b]; null for anything else (then the palette decides). */
export function hexColor(hex: string | null | undefined): Rgb | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex?.trim() ?? '');
  if (!match) return null;
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1];
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as unknown as Rgb;
}

/**
 * Every foreground label of a result or case, ascending by value: named ones, the model's
 * classes (`labelValues`, class index → voxel value, class 0 the background) and any value found
 * in the masks. A label's own colour wins; else the platform palette colours it by class index
 * (its place in `labelValues`, or among the foreground values when there are none), the same
 * colour the 2D overlay and the PNG masks give that class.
 */
export function labelTable(
  labels: readonly LabelName[],
  labelValues: readonly number[],
  present: readonly number[],
  palette: Palette,
): LabelEntry[] {
  const values = [...new Set([...labels.map((l) => l.value), ...labelValues, ...present])]
    .filter((v) => v > 0 && Number.isInteger(v))
    .sort((a, b) => a - b);
  let extra = 0;
  return values.map((value, position) => {
    const modelClass = labelValues.indexOf(value);
    // Values the model has no class for continue after its classes.
    const classIndex =
      labelValues.length === 0
        ? position + 1
        : modelClass > 0
          ? modelClass
          : labelValues.length + extra++;
    const own = hexColor(labels.find((l) => l.value === value)?.color);
    const color = own ?? classColor(classIndex, palette) ?? LOADING_COLOR;
    return { value, name: labelName(labels, value), color };
  });
}

/** The table as NiiVue's label colormap; the background (0) is transparent. */
export function labelColormap(entries: readonly LabelEntry[]): LabelColormap {
  const all = [{ value: 0, name: 'background', color: [0, 0, 0] as Rgb }, ...entries];
  return {
    R: all.map((e) => e.color[0]),
    G: all.map((e) => e.color[1]),
    B: all.map((e) => e.color[2]),
    A: all.map((e) => (e.value === 0 ? 0 : 255)),
    I: all.map((e) => e.value),
    labels: all.map((e) => e.name),
  };
}

/** Distinct non-zero voxel values, ascending (labels present in a mask). */
export function presentValues(voxels: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < voxels.length; i++) {
    const v = voxels[i];
    if (v !== 0) seen.add(Math.round(v));
  }
  return [...seen].sort((a, b) => a - b);
}
