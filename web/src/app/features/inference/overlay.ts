/**
 * Pure pixel math of 2D pictures: class maps from probabilities (the inference page's threshold),
 * and the contours and compositing of the canvas viewer the compare and evaluation pages still use.
 * Everything works on plain typed arrays so it runs (and is tested) without a canvas.
 */
import { type Palette, classColor } from '../../shared/class-palette';

/** RGBA pixels, as `ImageData` holds them. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8ClampedArray;
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
