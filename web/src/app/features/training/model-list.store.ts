import { Injectable, computed } from '@angular/core';
import { MODELS_URL } from '../../shared/api-urls';
import { PagedList } from '../../shared/paged-list';
import { type ModelDto, type ModelListQuery } from './model.model';

const DEFAULT_MODEL_QUERY: ModelListQuery = {
  page: 1,
  pageSize: 20,
  sort: 'createdAt',
  order: 'desc',
  search: '',
  status: '',
  owner: '',
};

/** The models table: one page of `/api/models`, its query, and the changes other pages report. */
@Injectable({ providedIn: 'root' })
export class ModelListStore {
  private readonly pages = new PagedList<ModelDto, ModelListQuery>(MODELS_URL, DEFAULT_MODEL_QUERY);

  readonly query = this.pages.query;
  readonly list = this.pages.list;
  /** True while a load the user asked for runs; background polls leave it false. */
  readonly listLoading = this.pages.loading;
  readonly listError = this.pages.error;
  readonly models = computed(() => this.list()?.items ?? []);
  /** True while a model on the page is queued or training, so the page should poll. */
  readonly training = computed(() => this.models().some((m) => m.status === 'training'));

  setListQuery(patch: Partial<ModelListQuery>): void {
    this.pages.setQuery(patch);
  }

  /** Loads the current page; `quiet` loads (polls) do not raise `listLoading`. */
  loadList(options: { quiet?: boolean } = {}): void {
    this.pages.load(options);
  }

  /** Shows a new model where it lands by default: first page, newest first. */
  showCreated(): void {
    this.pages.showCreated();
  }

  /** Puts the list fields of a changed model in place, if it is on the page. */
  replace(model: ModelDto): void {
    this.pages.update((list) => {
      if (!list?.items.some((m) => m.id === model.id)) return list;
      return {
        ...list,
        items: list.items.map((m) => (m.id === model.id ? { ...m, ...pickModel(model) } : m)),
      };
    });
  }

  /** Takes a deleted model off the page, then reloads it. */
  remove(id: string): void {
    this.pages.remove(id);
  }
}

/** The list fields of a model, without the detail-only ones. */
function pickModel(model: ModelDto): ModelDto {
  return {
    id: model.id,
    name: model.name,
    version: model.version,
    datasetId: model.datasetId,
    datasetVersion: model.datasetVersion,
    parentModelId: model.parentModelId,
    childModelIds: model.childModelIds,
    trigger: model.trigger,
    datasetName: model.datasetName,
    architecture: model.architecture,
    guided: model.guided,
    status: model.status,
    jobState: model.jobState,
    queuePosition: model.queuePosition,
    error: model.error,
    reason: model.reason,
    stoppedEarly: model.stoppedEarly,
    createdAt: model.createdAt,
    trainedAt: model.trainedAt,
    epochsDone: model.epochsDone,
    epochs: model.epochs,
    bestDice: model.bestDice,
    progress: model.progress,
    metrics: model.metrics,
    owner: model.owner,
    visibility: model.visibility,
    canChange: model.canChange,
  };
}
