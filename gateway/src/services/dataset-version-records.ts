import type { AnnotationProposalSource, DatasetVersionChange, NewAnnotationRow, NewDatasetVersionRow } from '../db/schema';
import type { LabelVoxels } from '../generated/medseg/v1/volume';
import type { PairLabels } from '../generated/medseg/v1/dataset_service';
import { datasetKeys } from './storage-layout';

/**
 * The two objects a save writes (hitl contract): annotation.json beside a saved mask, and
 * versions/<n>.json, the commit marker. SQLite rows are caches of these; a resync reads them back.
 */
export const ANNOTATION_FORMAT = 'medseg-annotation-v1';
export const VERSION_FORMAT = 'medseg-dataset-version-v1';

export interface AnnotationRecord {
  format: typeof ANNOTATION_FORMAT;
  id: string;
  datasetId: string;
  caseIndex: number;
  caseName: string;
  baseVersion: number;
  createdAt: string;
  createdBy: string | null;
  proposal: { source: AnnotationProposalSource; modelId: string | null };
  secondsSpent: number;
  changedVoxels: number;
  totalVoxels: number;
  proposalDice: number | null;
  proposalDicePerClass: (number | null)[];
  labelVoxels: LabelVoxels[];
  pairLabels: PairLabels[];
  /** Whether mask.png was written (a one-slice case). */
  hasPng?: boolean;
}

export interface VersionRecord {
  format: typeof VERSION_FORMAT;
  datasetId: string;
  version: number;
  parent: number;
  createdAt: string;
  createdBy: string | null;
  masks: Record<string, string>;
  changes: DatasetVersionChange[];
}

/** NaN (no proposal, or both empty) is null in JSON and the API. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function versionRow(record: VersionRecord): NewDatasetVersionRow {
  return {
    dataset_id: record.datasetId,
    version: record.version,
    parent: record.parent,
    created_at: record.createdAt,
    created_by: record.createdBy,
    masks: record.masks,
    changes: record.changes,
  };
}

/** The SQLite row of an annotation committed by version `version`. */
export function annotationRow(record: AnnotationRecord, version: number): NewAnnotationRow {
  const keys = datasetKeys(record.datasetId).annotation(record.id);
  return {
    id: record.id,
    dataset_id: record.datasetId,
    case_index: record.caseIndex,
    version,
    base_version: record.baseVersion,
    created_at: record.createdAt,
    created_by: record.createdBy,
    proposal_source: record.proposal.source,
    proposal_model_id: record.proposal.modelId,
    seconds_spent: record.secondsSpent,
    changed_voxels: record.changedVoxels,
    total_voxels: record.totalVoxels,
    proposal_dice: record.proposalDice,
    label_voxels: record.labelVoxels,
    mask_key: keys.maskNifti,
    mask_png_key: record.hasPng ? keys.maskPng : '',
    mask_shard_key: keys.maskShard,
  };
}

/** versions/<n>.json as stored, or null when it is not one of ours for this dataset and n. */
export function parseVersionRecord(text: string, datasetId: string, version: number): VersionRecord | null {
  try {
    const v = JSON.parse(text) as Partial<VersionRecord>;
    if (v.format !== VERSION_FORMAT || v.datasetId !== datasetId || v.version !== version) return null;
    if (typeof v.masks !== 'object' || v.masks === null || !Array.isArray(v.changes)) return null;
    return v as VersionRecord;
  } catch {
    return null;
  }
}

export function parseAnnotationRecord(text: string, datasetId: string, id: string): AnnotationRecord | null {
  try {
    const a = JSON.parse(text) as Partial<AnnotationRecord>;
    if (a.format !== ANNOTATION_FORMAT || a.datasetId !== datasetId || a.id !== id || typeof a.caseIndex !== 'number') return null;
    return a as AnnotationRecord;
  } catch {
    return null;
  }
}
