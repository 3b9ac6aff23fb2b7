import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { AnnotationQueueDto, AnnotationQueueQueryDto } from '../dtos/dataset-version.dto';
import { UncertaintyMethod } from '../generated/medseg/v1/inference_service';
import { DatasetRepository } from '../repositories/dataset.repository';
import { MlRepository } from '../repositories/ml.repository';
import { DatasetVersionService } from './dataset-version.service';
import { ModelSourceService, sourceCase } from './model-source.service';

const METHODS = {
  entropy: UncertaintyMethod.UNCERTAINTY_METHOD_ENTROPY,
  'mc-dropout': UncertaintyMethod.UNCERTAINTY_METHOD_MC_DROPOUT,
} as const;

/**
 * What to annotate next: the cases unlabeled in the latest version, in index order, or with a
 * model most uncertain first (RankCases on the ml-service).
 */
@Injectable()
export class AnnotationQueueService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly versions: DatasetVersionService,
    private readonly sources: ModelSourceService,
    private readonly ml: MlRepository,
  ) {}

  async queue(caller: Caller, datasetId: string, query: AnnotationQueueQueryDto, signal?: AbortSignal): Promise<AnnotationQueueDto> {
    const row = await this.sources.dataset(caller, datasetId);
    await this.versions.requireCases(row);
    const state = await this.versions.state(row);
    const cases = (await this.datasets.listCases(datasetId, 0, Number.MAX_SAFE_INTEGER)).filter((c) => c.unlabeled === 1 && !state.masks.has(c.idx));
    const items = cases.map((c) => ({ caseIndex: c.idx, name: c.name, depth: c.depth, height: c.height, width: c.width, score: null as number | null }));
    if (!query.modelId || items.length === 0) return { version: state.version, ordering: 'index', items };

    const model = await this.sources.completed(caller, query.modelId, 'rank cases with');
    const dataset = await this.sources.readyFor(caller, datasetId, model, 'rank the cases of');
    const wanted = new Set(items.map((i) => i.caseIndex));
    const pairs = (await this.sources.inferencePairs(datasetId)).filter((p) => wanted.has(p.case_index));
    const source = await this.sources.trainingDataset(dataset, model, pairs);
    // A 2D image's case: its pair names no volume, so the source does not list it (as in caseSource).
    const listed = new Set(source.cases.map((c) => c.index));
    source.cases.push(...cases.filter((c) => !listed.has(c.idx)).map(sourceCase));
    const scores = new Map<number, number>();
    for await (const event of this.ml.rankCases(
      { model: model.source, dataset: source, caseIndices: [...wanted], method: METHODS[query.method], dropoutSamples: 0 },
      signal,
    )) {
      if (event.case) scores.set(event.case.caseIndex, event.case.score);
    }
    const ranked = items
      .map((i) => ({ ...i, score: scores.get(i.caseIndex) ?? null }))
      .sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.caseIndex - b.caseIndex);
    return { version: state.version, ordering: query.method, items: ranked };
  }
}
