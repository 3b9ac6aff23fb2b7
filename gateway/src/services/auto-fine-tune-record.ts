import type { DatasetAutoFineTuneRow } from '../db/schema';
import { MAX_AUTO_NEW_MASKS } from '../dtos/auto-fine-tune.dto';

export const AUTO_FINE_TUNE_FORMAT = 'medseg-auto-fine-tune-v1';

/** datasets/<id>/auto-fine-tune.json, the rule as its owner or an admin last set it. */
export interface AutoFineTuneRecord {
  format: typeof AUTO_FINE_TUNE_FORMAT;
  datasetId: string;
  enabled: boolean;
  modelId: string;
  newMasks: number;
  updatedAt: string;
  updatedBy: string | null;
}

export function autoFineTuneRow(r: AutoFineTuneRecord): DatasetAutoFineTuneRow {
  return { dataset_id: r.datasetId, enabled: r.enabled ? 1 : 0, model_id: r.modelId, new_masks: r.newMasks, updated_at: r.updatedAt, updated_by: r.updatedBy };
}

/** A stored rule of `datasetId`, or null for anything else. */
export function parseAutoFineTuneRecord(text: string, datasetId: string): AutoFineTuneRecord | null {
  try {
    const v = JSON.parse(text) as Partial<AutoFineTuneRecord>;
    if (v.format !== AUTO_FINE_TUNE_FORMAT || v.datasetId !== datasetId || typeof v.enabled !== 'boolean' || typeof v.modelId !== 'string') return null;
    if (!Number.isInteger(v.newMasks) || v.newMasks! < 1 || v.newMasks! > MAX_AUTO_NEW_MASKS || typeof v.updatedAt !== 'string') return null;
    return { ...v, updatedBy: typeof v.updatedBy === 'string' ? v.updatedBy : null } as AutoFineTuneRecord;
  } catch {
    return null;
  }
}
