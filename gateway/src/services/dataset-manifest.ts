import type { DatasetPairRow, DatasetRow, DatasetStatus } from '../db/schema';
import type { PairDto } from '../dtos/dataset.dto';
import type { Visibility } from '../dtos/owner.dto';

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
}

/** A pair as the API shows it (PairDto), with its S3 keys where the API has presigned URLs. */
export interface ManifestPair extends Omit<PairDto, 'thumbnailUrl' | 'previewUrl'> {
  shardKey: string;
  thumbnailKey: string;
  previewKey: string;
}

/** The rows of a manifest; `visibility` comes from sharing.json (SharingService), not the manifest. */
export function manifestToRows(m: DatasetManifest, visibility: Visibility): { dataset: DatasetRow; pairs: DatasetPairRow[] } {
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
    })),
  };
}

/** Parses a stored manifest; null (not an exception) for anything that is not one of ours. */
export function parseManifest(text: string): DatasetManifest | null {
  try {
    const value = JSON.parse(text) as Partial<DatasetManifest>;
    if (value.format !== MANIFEST_FORMAT || typeof value.id !== 'string' || !Array.isArray(value.pairs)) return null;
    if (!['uploaded', 'ready', 'error'].includes(value.status ?? '')) return null;
    return value as DatasetManifest;
  } catch {
    return null;
  }
}
