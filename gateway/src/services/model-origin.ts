import type { ModelTrigger } from '../db/schema';

export const ORIGIN_FORMAT = 'medseg-model-origin-v1';

/**
 * models/<id>/origin.json: why the gateway queued a training on its own, written before the job
 * starts (the card, written by the ml-service, cannot say). A resync reads the model's trigger from it.
 */
export interface ModelOriginRecord {
  format: typeof ORIGIN_FORMAT;
  modelId: string;
  trigger: Exclude<ModelTrigger, 'manual'>;
  datasetId: string;
  datasetVersion: number;
  parentModelId: string;
  /** The model the rule was set to fine-tune from (the parent is its newest completed descendant). */
  ruleModelId: string;
  /** New masks since `sinceVersion` when it was queued. */
  newMasks: number;
  sinceVersion: number;
  queuedAt: string;
}

/** The trigger a stored origin.json records; 'manual' for none or anything unreadable. */
export function triggerOf(text: string | null, modelId: string): ModelTrigger {
  if (text === null) return 'manual';
  try {
    const v = JSON.parse(text) as Partial<ModelOriginRecord>;
    return v.format === ORIGIN_FORMAT && v.modelId === modelId && v.trigger === 'auto-fine-tune' ? v.trigger : 'manual';
  } catch {
    return 'manual';
  }
}
