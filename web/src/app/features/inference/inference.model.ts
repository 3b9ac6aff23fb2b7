import { type ApiSchema } from '../../shared/api-schema';

/** Milliseconds spent on each step of one segmentation request. */
export type SegmentTimingsDto = ApiSchema<'TimingsDto'>;
/** Answer of `POST /api/models/:id/segment` and `/segment-pair`; every picture is a data URL. */
export type SegmentResultDto = ApiSchema<'SegmentResultDto'>;
/** Answer of `POST /api/models/:id/load`. */
export type ModelLoadDto = ApiSchema<'LoadModelResultDto'>;
/** A stored segmentation of `GET /api/models/:id/results`. */
export type InferenceResultDto = ApiSchema<'InferenceResultDto'>;

/** Scores of a volume against its ground truth (`distanceUnit` mm for volumes, px for 2D). */
export type VolumeScoresDto = ApiSchema<'VolumeScoresDto'>;
/**
 * Answer of `POST /api/models/:id/segment-volume`, `/segment-case` and of
 * `GET /api/inference-results/:id` for a volume: a stored result whose files the viewer fetches
 * from `/api/inference-results/:id/volume/*`.
 */
export type VolumeResultDto = ApiSchema<'VolumeResultDto'>;

/** True for a volume answer (`kind: 'volume'`), false for a 2D one. */
export function isVolumeResult(result: unknown): result is VolumeResultDto {
  return (result as { kind?: unknown } | null)?.kind === 'volume';
}

/** What the shown result was asked for, so "segment again" can ask again. */
export type SegmentInput =
  | { kind: 'file'; file: File; persist: boolean }
  | { kind: 'pair'; datasetId: string; pairIndex: number; name: string }
  | { kind: 'case'; datasetId: string; caseIndex: number; name: string }
  | { kind: 'stored'; resultId: string; createdAt: string };

/** Warm-up of the selected model: `loading` while `POST /load` runs. */
export type WarmState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; wasLoaded: boolean; loadMs: number; memoryBytes: number }
  | { state: 'error'; message: string };

/** Files the segment endpoints decode. */
export const ACCEPTED_FILES =
  '.png,.jpg,.jpeg,.dcm,.nii,.nii.gz,.nrrd,.mha,.zip,image/png,image/jpeg';

/** True when the name ends in an extension the segment endpoints decode. */
export function isAcceptedFile(name: string): boolean {
  return /\.(png|jpe?g|dcm|nii|nii\.gz|nrrd|mha|zip)$/i.test(name.trim());
}

/**
 * True for what goes to `segment-volume` (segmented once, then browsed): NIfTI, NRRD, MHA, a ZIP
 * of a DICOM series (or MHA/MHD) and DICOM files (which may hold many frames). PNG and JPEG stay
 * on the 2D path, whose probabilities let the page move the threshold.
 */
export function isVolumeFile(name: string): boolean {
  return /\.(dcm|nii|nii\.gz|nrrd|mha|zip)$/i.test(name.trim());
}
