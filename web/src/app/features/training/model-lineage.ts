import { type ModelDto } from './model.model';

/** Where a model comes from and what was fine-tuned from it (issue 13). */
export type ModelLineage = Pick<ModelDto, 'parentModelId' | 'childModelIds' | 'datasetVersion'>;

export function modelLineage(model: ModelLineage): ModelLineage {
  const { parentModelId, childModelIds, datasetVersion } = model;
  return { parentModelId, childModelIds, datasetVersion };
}

/** The models a lineage names (parent first), to fetch once for their names. */
export function lineageIds(lineage: ModelLineage): string[] {
  return [...(lineage.parentModelId ? [lineage.parentModelId] : []), ...lineage.childModelIds];
}

/** How a relative is named in a lineage: "Block finder v2" (a fine-tune keeps its parent's name). */
export function relativeName(model: Pick<ModelDto, 'name' | 'version'>): string {
  return `${model.name} v${model.version}`;
}

/** The gateway's default epochs of a fine-tune: half the parent's, at least one. */
export function fineTuneEpochs(parentEpochs: number): number {
  return Math.max(1, Math.round(parentEpochs / 2));
}
