import { type ApiSchema } from '../../shared/api-schema';

/** Milliseconds spent on each step of one segmentation request. */
export type SegmentTimingsDto = ApiSchema<'TimingsDto'>;
/** Answer of `POST /api/models/:id/segment` and `/segment-pair`; every picture is a data URL. */
export type SegmentResultDto = ApiSchema<'SegmentResultDto'>;
/** Answer of `POST /api/models/:id/load`. */
export type ModelLoadDto = ApiSchema<'LoadModelResultDto'>;
/** Answer of `GET /api/inference/palette`: [r, g, b] of class 1, 2, ... */
export type ClassPaletteDto = ApiSchema<'ClassPaletteDto'>;
/** A stored segmentation of `GET /api/models/:id/results`. */
export type InferenceResultDto = ApiSchema<'InferenceResultDto'>;

/** What the last segmentation was asked for, so a slice change can ask again. */
export type SegmentInput =
  | { kind: 'file'; file: File; sliceIndex: number | null; persist: boolean }
  | { kind: 'pair'; datasetId: string; pairIndex: number; name: string }
  | { kind: 'stored'; resultId: string; createdAt: string };

/** Warm-up of the selected model: `loading` while `POST /load` runs. */
export type WarmState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; wasLoaded: boolean; loadMs: number; memoryBytes: number }
  | { state: 'error'; message: string };

export type OverlayMode = 'mask' | 'contour';

/** Files the segment endpoint decodes. */
export const ACCEPTED_FILES = '.png,.jpg,.jpeg,.dcm,.nii,.nii.gz,image/png,image/jpeg';

/** True when the name ends in an extension the segment endpoint decodes. */
export function isAcceptedFile(name: string): boolean {
  return /\.(png|jpe?g|dcm|nii|nii\.gz)$/i.test(name.trim());
}
