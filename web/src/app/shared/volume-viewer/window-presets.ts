/** Window/level: the intensity range shown from black to white, as (center, width). */
export interface WindowLevel {
  center: number;
  width: number;
}

export type WindowPresetId = 'file' | 'brain' | 'lung' | 'bone' | 'abdomen';

export interface WindowPreset {
  id: WindowPresetId;
  label: string;
  /** Null for "file default": the file's own window (DICOM WindowCenter/Width), else automatic. */
  window: WindowLevel | null;
}

/** The usual CT windows in Hounsfield units (center/width). */
export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'file', label: 'File default', window: null },
  { id: 'brain', label: 'CT brain 40/80', window: { center: 40, width: 80 } },
  { id: 'lung', label: 'CT lung −600/1500', window: { center: -600, width: 1500 } },
  { id: 'bone', label: 'CT bone 400/1800', window: { center: 400, width: 1800 } },
  { id: 'abdomen', label: 'CT abdomen 50/400', window: { center: 50, width: 400 } },
];

/** [min, max] shown for a window. */
export function windowRange({ center, width }: WindowLevel): [number, number] {
  const half = Math.max(width, Number.EPSILON) / 2;
  return [center - half, center + half];
}

/** The window of a [min, max] range. */
export function windowOf(min: number, max: number): WindowLevel {
  return { center: (min + max) / 2, width: max - min };
}

/**
 * The window a volume opens with: the file's own when it has one (a width above 0), else null
 * (the viewer's automatic robust range).
 */
export function fileWindow(
  center: number | null | undefined,
  width: number | null | undefined,
): WindowLevel | null {
  if (center === null || center === undefined || width === null || width === undefined) return null;
  return Number.isFinite(center) && Number.isFinite(width) && width > 0 ? { center, width } : null;
}
