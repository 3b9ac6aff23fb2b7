import type { Subset } from '../dtos/evaluation.dto';

export const EVALUATION_SCOPE_FORMAT = 'medseg-evaluation-scope-v1';

/**
 * models/<id>/evaluation-scopes/<evaluation id>.json: which cases an evaluation scored beyond what
 * the ml-service's report says (the dataset version, whose validation split), written by the
 * gateway when it queues the evaluation so a resync restores both.
 */
export interface EvaluationScopeRecord {
  format: typeof EVALUATION_SCOPE_FORMAT;
  evaluationId: string;
  modelId: string;
  datasetId: string;
  datasetVersion: number;
  subset: Subset;
  /** subset validation: the model whose split was scored; null: the evaluated model's own. */
  splitModelId: string | null;
}

/** A stored scope record of `evaluationId`, or null for anything else. */
export function parseEvaluationScope(text: string, evaluationId: string): EvaluationScopeRecord | null {
  try {
    const v = JSON.parse(text) as Partial<EvaluationScopeRecord>;
    if (v.format !== EVALUATION_SCOPE_FORMAT || v.evaluationId !== evaluationId) return null;
    if (!Number.isInteger(v.datasetVersion) || (v.datasetVersion ?? 0) < 1) return null;
    if (v.splitModelId !== null && typeof v.splitModelId !== 'string') return null;
    return v as EvaluationScopeRecord;
  } catch {
    return null;
  }
}
