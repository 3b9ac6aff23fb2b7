import { InjectionToken } from '@angular/core';
import { type Raster } from './overlay';

/** Decodes a picture (a data URL) into RGBA pixels; tests swap in a fake. */
export const RASTER_DECODER = new InjectionToken<(url: string) => Promise<Raster>>(
  'RASTER_DECODER',
  { factory: () => decodeRaster },
);

/** Puts RGBA pixels on a canvas, resizing it to them; tests swap in a fake. */
export const RASTER_PAINTER = new InjectionToken<
  (canvas: HTMLCanvasElement, raster: Raster) => void
>('RASTER_PAINTER', { factory: () => paintRaster });

/** Draws the picture once on an offscreen canvas and reads its pixels back. */
export async function decodeRaster(url: string): Promise<Raster> {
  const image = new Image();
  image.src = url;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser cannot draw on a canvas');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width: data.width, height: data.height, data: data.data };
}

export function paintRaster(canvas: HTMLCanvasElement, raster: Raster): void {
  if (canvas.width !== raster.width) canvas.width = raster.width;
  if (canvas.height !== raster.height) canvas.height = raster.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const pixels = new ImageData(raster.width, raster.height);
  pixels.data.set(raster.data);
  context.putImageData(pixels, 0, 0);
}
