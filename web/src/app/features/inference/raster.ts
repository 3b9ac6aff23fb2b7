import { InjectionToken } from '@angular/core';
import { type Raster } from './overlay';

/** Decodes a picture (a data URL) into RGBA pixels; tests swap in a fake. */
export const RASTER_DECODER = new InjectionToken<(url: string) => Promise<Raster>>(
  'RASTER_DECODER',
  { factory: () => decodeRaster },
);

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
