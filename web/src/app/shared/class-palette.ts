import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { type ApiSchema } from './api-schema';

/** Class colours of the platform: one home for the 2D overlay, the volume viewer and legends. */

export type Rgb = readonly [number, number, number];

/**
 * Colour of each foreground class (class 1 first), as the gateway serves it
 * (`GET /api/inference/palette`, the colours of the colour PNG masks too); repeats past the end.
 */
export type Palette = readonly Rgb[];

/** Answer of `GET /api/inference/palette`: [r, g, b] of class 1, 2, ... */
export type ClassPaletteDto = ApiSchema<'ClassPaletteDto'>;

export const PALETTE_URL = '/api/inference/palette';

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

/** `rgb(r g b)` for CSS; transparent for none. */
export function rgbCss(color: Rgb | null): string {
  return color ? `rgb(${color[0]} ${color[1]} ${color[2]})` : 'transparent';
}

/** The served class colours, loaded once for every page that draws classes. */
@Injectable({ providedIn: 'root' })
export class ClassPaletteService {
  private readonly http = inject(HttpClient);
  private readonly _palette = signal<Palette>([]);

  /** Empty until loaded (overlays draw neutral grey meanwhile). */
  readonly palette = this._palette.asReadonly();

  /** Loads the colours once; a failure leaves the neutral grey and is tried on the next call. */
  load(): void {
    if (this._palette().length > 0) return;
    this.http.get<ClassPaletteDto>(PALETTE_URL).subscribe({
      next: (palette) => this._palette.set(palette.colors.map((c) => [c[0], c[1], c[2]] as Rgb)),
      // The neutral grey stays; the next visit of a page asks again.
      error: () => undefined,
    });
  }
}
