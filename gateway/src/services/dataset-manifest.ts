import type { DatasetCaseRow, DatasetPairRow, DatasetRow, DatasetStatus } from '../db/schema';
import type { PairDto } from '../dtos/dataset.dto';
import type { Visibility } from '../dtos/owner.dto';
import type { ChannelIntensity, DatasetFingerprint, LabelName, LabelVoxels, VolumeGeometry } from '../generated/medseg/v1/volume';

/**
 * datasets/<id>/manifest.json: everything needed to rebuild the dataset's SQLite rows. S3 is the
 * source of truth; the manifest is written last, so a prefix without one is incomplete.
 */
export interface DatasetManifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  name: string;
  status: DatasetStatus;
  uploadedAt: string;
  archiveKey: string;
  archiveBytes: number;
  fileCount: number;
  stats: DatasetStats | null;
  errors: string[];
  warnings: FileIssue[];
  pairs: ManifestPair[];
  /** The user who uploaded it; absent or null: stored before accounts existed. */
  owner_id?: string | null;
  /**
   * Volumes (issue 12); the keys below are absent in manifests stored before, which read as a
   * dataset without cases, label names or fingerprint.
   */
  cases?: ManifestCase[];
  labels?: LabelName[];
  fingerprint?: DatasetFingerprint | null;
  /** "msd" (imagesTr/ + labelsTr/) or "images-masks". */
  layout?: string;
}

export const MANIFEST_FORMAT = 'medseg-dataset-v1';

export interface FileIssue {
  path: string;
  reason: string;
}

export interface DatasetStats {
  pairCount: number;
  volumeCount: number;
  channels: number;
  classCount: number;
  labelValues: number[];
  sizes: { width: number; height: number; count: number }[];
  modalities: { name: string; count: number }[];
  formats: { name: string; count: number }[];
  normalizedBytes: number;
  entryCount: number;
  uncompressedBytes: number;
  /** Cases without a mask (MSD imagesTs/); absent in manifests stored before volumes. */
  unlabeledCount?: number;
}

/** A pair as the API shows it (PairDto), with its S3 keys where the API has presigned URLs. */
export interface ManifestPair extends Omit<PairDto, 'thumbnailUrl' | 'previewUrl' | 'caseIndex' | 'unlabeled'> {
  shardKey: string;
  thumbnailKey: string;
  previewKey: string;
  /** Absent in manifests stored before volumes: case 0, labelled. */
  caseIndex?: number;
  unlabeled?: boolean;
}

/**
 * One volume (DatasetCase of the inspection, camelCase). Its viewer objects live at fixed keys
 * (storage-layout datasetKeys().caseImage / caseMask), so the manifest names none.
 */
export interface ManifestCase {
  index: number;
  name: string;
  imagePaths: string[];
  /** Empty for an unlabeled case. */
  maskPath: string;
  imageFormat: string;
  maskFormat: string;
  depth: number;
  height: number;
  width: number;
  channels: number;
  /** mm per (slice, row, column). */
  spacing: number[];
  geometry: VolumeGeometry | null;
  modality: string;
  firstPair: number;
  labelVoxels: LabelVoxels[];
  intensities: ChannelIntensity[];
  seriesInstanceUid: string;
  windowCenter: number;
  windowWidth: number;
  unlabeled: boolean;
}

export interface DatasetRows {
  dataset: DatasetRow;
  pairs: DatasetPairRow[];
  cases: DatasetCaseRow[];
}

/** The rows of a manifest; `visibility` comes from sharing.json (SharingService), not the manifest. */
export function manifestToRows(m: DatasetManifest, visibility: Visibility): DatasetRows {
  const cases = m.cases ?? [];
  return {
    dataset: {
      id: m.id,
      name: m.name,
      uploaded_at: m.uploadedAt,
      file_count: m.fileCount,
      status: m.status,
      archive_bytes: m.archiveBytes,
      pair_count: m.pairs.length,
      stats: m.stats,
      errors: m.errors,
      warnings: m.warnings,
      progress: null,
      owner_id: m.owner_id ?? null,
      visibility,
      labels: m.labels ?? [],
      fingerprint: m.fingerprint ?? null,
      layout: m.layout ?? '',
      case_count: cases.length,
      unlabeled_count: m.stats?.unlabeledCount ?? cases.filter((c) => c.unlabeled).length,
    },
    pairs: m.pairs.map((p) => ({
      dataset_id: m.id,
      idx: p.index,
      name: p.name,
      image_path: p.imagePath,
      mask_path: p.maskPath,
      image_format: p.imageFormat,
      mask_format: p.maskFormat,
      width: p.width,
      height: p.height,
      channels: p.channels,
      volume: p.volume,
      slice_index: p.sliceIndex,
      slice_count: p.sliceCount,
      labels: p.labels,
      modality: p.modality,
      shard_key: p.shardKey,
      thumbnail_key: p.thumbnailKey,
      preview_key: p.previewKey,
      case_index: p.caseIndex ?? 0,
      unlabeled: p.unlabeled ? 1 : 0,
    })),
    cases: cases.map((c) => caseToRow(m.id, c)),
  };
}

function caseToRow(datasetId: string, c: ManifestCase): DatasetCaseRow {
  return {
    dataset_id: datasetId,
    idx: c.index,
    name: c.name,
    image_paths: c.imagePaths,
    mask_path: c.maskPath,
    depth: c.depth,
    height: c.height,
    width: c.width,
    channels: c.channels,
    spacing: c.spacing,
    geometry: c.geometry,
    modality: c.modality,
    image_format: c.imageFormat,
    mask_format: c.maskFormat,
    first_pair: c.firstPair,
    label_voxels: c.labelVoxels,
    intensities: c.intensities,
    series_uid: c.seriesInstanceUid,
    window_center: c.windowCenter,
    window_width: c.windowWidth,
    unlabeled: c.unlabeled ? 1 : 0,
  };
}

/** Parses a stored manifest; null (not an exception) for anything that is not one of ours. */
export function parseManifest(text: string): DatasetManifest | null {
  try {
    const value = JSON.parse(text) as Partial<DatasetManifest>;
    if (value.format !== MANIFEST_FORMAT || typeof value.id !== 'string' || !Array.isArray(value.pairs)) return null;
    if (!['uploaded', 'ready', 'error'].includes(value.status ?? '')) return null;
    if (value.cases !== undefined && !Array.isArray(value.cases)) return null;
    return value as DatasetManifest;
  } catch {
    return null;
  }
}
