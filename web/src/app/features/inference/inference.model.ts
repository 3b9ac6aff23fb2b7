/** Milliseconds spent on each step of one segmentation request. */
export interface SegmentTimingsDto {
  loadMs: number;
  decodeMs: number;
  forwardMs: number;
  encodeMs: number;
  totalMs: number;
  /** The whole request as the gateway timed it, upload and forwarding included. */
  gatewayMs: number;
}

/** Answer of `POST /api/models/:id/segment` and `/segment-pair`; every picture is a data URL. */
export interface SegmentResultDto {
  /** Id of the stored result when `persist=true`, else null. */
  resultId: string | null;
  width: number;
  height: number;
  /** Slices of the uploaded volume; 1 for a plain image. */
  sliceCount: number;
  /** The input as a displayable PNG. */
  image: string;
  /** PNG whose gray value is the class index of each pixel. */
  mask: string;
  /** One 8-bit PNG per class (index = class), value = probability × 255. */
  probabilities: string[];
  /** Label value of each class in the training masks (index = class). */
  labelValues: number[];
  timings: SegmentTimingsDto;
  /** True when the model was already in memory (a warm request). */
  modelWasLoaded: boolean;
  /** Mask of a dataset pair (gray value = class index); null for uploads. */
  groundTruth: string | null;
  /** Index i = class i (background included); null for a class absent from both prediction and truth. */
  dicePerClass: (number | null)[];
  iouPerClass: (number | null)[];
  dice: number | null;
  iou: number | null;
}

/** Answer of `POST /api/models/:id/load`. */
export interface ModelLoadDto {
  wasLoaded: boolean;
  loadMs: number;
  memoryBytes: number;
}

/** A stored segmentation of `GET /api/models/:id/results`. */
export interface InferenceResultDto {
  id: string;
  modelId: string;
  /** ISO 8601. */
  createdAt: string;
  /** The uploaded file (with its slice), or "<dataset> / <pair>". */
  fileName: string;
  inputUrl: string;
  /** PNG of class indices: exact, but looks black in an image viewer. */
  maskUrl: string;
  /** The same mask as a palette PNG in the viewer's colours. */
  maskColorUrl: string;
  /** The mask as NIfTI on the input's grid; only for NIfTI input. */
  maskNiftiUrl: string | null;
}

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
