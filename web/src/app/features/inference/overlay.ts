/**
 * Pure pixel math of 2D pictures: the gray channel of a decoded PNG and class maps from
 * probabilities (the inference page's threshold). Plain typed arrays, so it runs (and is tested)
 * without a canvas.
 */

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
