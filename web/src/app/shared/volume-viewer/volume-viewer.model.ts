import { type LabelName } from '../label-names';
import { type GuideSource } from './guided-session';
import { type WindowLevel } from './window-presets';

/**
 * A volume file: a NIfTI (`.nii.gz`) or any format NiiVue reads by `name` (`image.png`), fetched
 * from `url`, or already in memory as `bytes` (a 2D result's picture, a label map made here).
 */
export type VolumeFile = { name: string } & ({ url: string } | { bytes: ArrayBuffer });

/** What the viewer shows: one image and up to two label volumes on its grid. */
export interface ViewerInput {
  image: VolumeFile;
  prediction?: VolumeFile | null;
  truth?: VolumeFile | null;
  labels: readonly LabelName[];
  /** Class index → voxel value of a model's classes (class 0 the background), for the palette. */
  labelValues?: readonly number[];
  /** The file's own window (DICOM WindowCenter/Width); null: automatic. */
  fileWindow: WindowLevel | null;
  /**
   * Edit a mask on the image's grid, starting from `start` (a prediction, the ground truth) or
   * empty; the mask being edited replaces the overlays.
   */
  edit?: {
    start: VolumeFile | null;
    /**
     * The prompt tools (click, box, scribble, lasso): `source` opens a guided session on the case;
     * null leaves them disabled, `why` saying so. Absent: no prompt tools.
     */
    guide?: { source: GuideSource | null; why: string };
  } | null;
}

/** Where the editor stands: what undo and redo can do, and whether there are unsaved edits. */
export interface EditState {
  canUndo: boolean;
  canRedo: boolean;
  edited: boolean;
}

export type ViewerPlane = 'axial' | 'coronal' | 'sagittal';
export type ViewerLayout = ViewerPlane | 'multiplanar' | 'render';
export type OverlayKey = 'prediction' | 'truth';

/** The point under the cursor (or the crosshair): voxel, image value and labels there. */
export interface ViewerProbe {
  /** The file's own voxel (i, j, k), as the saved mask and other tools index it. */
  voxel: readonly [number, number, number];
  /** A one-slice picture's column and row as stored; null for a volume. */
  pixel: readonly [number, number] | null;
  intensity: number;
  prediction: number | null;
  truth: number | null;
}

/** Where the slider and the keys move: the slice of one plane out of its count. */
export interface SlicePosition {
  index: number;
  count: number;
}
