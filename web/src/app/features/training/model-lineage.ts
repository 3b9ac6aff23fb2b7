/**
 * Where a model comes from and what was fine-tuned from it (issue 13: `ModelDto.parentModelId`,
 * `childModelIds`, `datasetVersion`). Read defensively until the generated api.ts has the fields.
 */
export interface ModelLineage {
  parentModelId: string | null;
  childModelIds: string[];
  datasetVersion: number | null;
}

export function modelLineage(model: object): ModelLineage {
  const m = model as Partial<ModelLineage>;
  return {
    parentModelId: typeof m.parentModelId === 'string' ? m.parentModelId : null,
    childModelIds: Array.isArray(m.childModelIds) ? m.childModelIds : [],
    datasetVersion: typeof m.datasetVersion === 'number' ? m.datasetVersion : null,
  };
}

/** The contract's default epochs of a fine-tune: a quarter of the parent's, at least one. */
export function fineTuneEpochs(parentEpochs: number): number {
  return Math.max(1, Math.round(parentEpochs / 4));
}
