/**
 * Pure pixel math of the inference viewer: class maps from probabilities, contours, colours and
 * compositing. Everything works on plain typed arrays so it runs (and is tested) without a canvas.
 */

/** RGBA pixels, as `ImageData` holds them. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type Rgb = readonly [number, number, number];

/**
 * Colour of each foreground class (class 1 first), as the gateway serves it
 * (`GET /api/inference/palette`, the colours of the colour PNG masks too); repeats past the end.
 */
export type Palette = readonly Rgb[];

/**
 * Every foreground class while the served palette is not there yet (or could not be loaded): one
 * neutral grey, so the mask still shows where it is without inventing colours of its own.
 */
export const LOADING_COLOR: Rgb = [128, 128, 128];

/** Colour of a class in `palette`, or null for the background (class 0, drawn transparent). */
export function classColor(classIndex: number, palette: Palette): Rgb | null {
  if (classIndex <= 0) return null;
  if (palette.length === 0) return LOADING_COLOR;
  return palette[(classIndex - 1) % palette.length];
}

/** `rgb(r g b)` of a class for CSS; transparent for the background. */
export function classCss(classIndex: number, palette: Palette): string {
  const color = classColor(classIndex, palette);
  return color ? `rgb(${color[0]} ${color[1]} ${color[2]})` : 'transparent';
}

/** The red channel of a gray PNG: one byte per pixel. */
export function grayChannel(raster: Raster): Uint8Array {
  const out = new Uint8Array(raster.width * raster.height);
  for (let i = 0; i < out.length; i++) out[i] = raster.data[i * 4];
  return out;
}

/**
 * Class of each pixel from per-class probabilities (bytes, p × 255), keeping only what reaches
 * `threshold` (0–1). Binary models (one or two maps): foreground where p(class 1) ≥ threshold.
 * Multi-class: the most probable foreground class among those with p ≥ threshold, else 0.
 */
export function classesFromProbabilities(
  probabilities: readonly Uint8Array[],
  threshold: number,
): Uint8Array {
  if (probabilities.length === 0) return new Uint8Array(0);
  const size = probabilities[0].length;
  const out = new Uint8Array(size);
  // Compare in byte units; the epsilon keeps 0.5 × 255 = 127.5 from rounding the wrong way.
  const cut = Math.max(0, Math.min(1, threshold)) * 255 - 1e-9;
  if (probabilities.length <= 2) {
    const foreground = probabilities[probabilities.length - 1];
    for (let i = 0; i < size; i++) out[i] = foreground[i] >= cut ? 1 : 0;
    return out;
  }
  for (let i = 0; i < size; i++) {
    let best = 0;
    let bestValue = -1;
    for (let c = 1; c < probabilities.length; c++) {
      const p = probabilities[c][i];
      if (p >= cut && p > bestValue) {
        best = c;
        bestValue = p;
      }
    }
    out[i] = best;
  }
  return out;
}

/**
 * Boundary pixels of each class region: a foreground pixel whose 4-neighbour has another class
 * (the image edge counts as another class). Other pixels become 0.
 */
export function contourOf(classes: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(classes.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = classes[i];
      if (c === 0) continue;
      if (
        x === 0 ||
        y === 0 ||
        x === width - 1 ||
        y === height - 1 ||
        classes[i - 1] !== c ||
        classes[i + 1] !== c ||
        classes[i - width] !== c ||
        classes[i + width] !== c
      ) {
        out[i] = c;
      }
    }
  }
  return out;
}

/**
 * The image with each foreground pixel blended towards its class colour in `palette` by `opacity`
 * (0–1).
 * Returns new pixels; the image is left as it was.
 */
export function composite(
  image: Raster,
  classes: Uint8Array,
  opacity: number,
  palette: Palette,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.data);
  const alpha = Math.max(0, Math.min(1, opacity));
  if (alpha === 0 || classes.length !== image.width * image.height) return out;
  for (let i = 0; i < classes.length; i++) {
    const color = classColor(classes[i], palette);
    if (!color) continue;
    const o = i * 4;
    out[o] = Math.round(out[o] * (1 - alpha) + color[0] * alpha);
    out[o + 1] = Math.round(out[o + 1] * (1 - alpha) + color[1] * alpha);
    out[o + 2] = Math.round(out[o + 2] * (1 - alpha) + color[2] * alpha);
    out[o + 3] = 255;
  }
  return out;
}

/** Classes present in a map, background left out, ascending. */
export function presentClasses(classes: Uint8Array): number[] {
  const seen = new Set<number>();
  for (const c of classes) if (c > 0) seen.add(c);
  return [...seen].sort((a, b) => a - b);
}
