import { Injectable } from '@nestjs/common';
import type { DatasetPairRow, ModelRow } from '../db/schema';
import type { ArtifactTargets, StartTrainingJobRequest } from '../generated/medseg/v1/training_service';
import { StorageRepository } from '../repositories/storage.repository';
import { type DatasetVersionView, ModelSourceService, type ReadyDataset } from './model-source.service';
import type { ModelSource } from '../generated/medseg/v1/sources';
import { PRESIGN_S, modelKeys } from './storage-layout';
import { toPb } from './training-defaults.service';

/**
 * What a training job hands the ml-service, with fresh presigned URLs: built once for a new model,
 * again for a resume after an ml-service restart, and the artifact URLs again for an upload retry.
 */
@Injectable()
export class TrainingRequestService {
  constructor(
    private readonly storage: StorageRepository,
    private readonly sources: ModelSourceService,
  ) {}

  /** Presigned PUT URLs of the model's weights and card. */
  async artifacts(modelId: string): Promise<ArtifactTargets> {
    const keys = modelKeys(modelId);
    const [best, last, card] = await Promise.all([
      this.storage.presignPut(keys.best, PRESIGN_S.job),
      this.storage.presignPut(keys.last, PRESIGN_S.job),
      this.storage.presignPut(keys.card, PRESIGN_S.job),
    ]);
    return { bestWeightsUrl: best, lastWeightsUrl: last, cardUrl: card };
  }

  /**
   * The whole request of a model row (its hyper-parameters as stored) on its dataset's pairs as of
   * `view`; `initFrom`: the parent a fine-tuning starts from.
   */
  async build(
    model: Pick<ModelRow, 'id' | 'name' | 'hyperparameters' | 'owner_id'>,
    dataset: ReadyDataset,
    pairs: DatasetPairRow[],
    view?: DatasetVersionView,
    initFrom?: ModelSource,
  ): Promise<StartTrainingJobRequest> {
    const [source, artifacts] = await Promise.all([
      this.sources.datasetSource(dataset, pairs, dataset.labelValues, dataset.channels, view),
      this.artifacts(model.id),
    ]);
    return {
      jobId: model.id,
      modelName: model.name,
      ownerId: model.owner_id ?? '',
      hyperparameters: toPb(model.hyperparameters),
      dataset: source,
      artifacts,
      resume: false,
      firstSequence: 0,
      initFrom,
    };
  }

  /** The request that continues `model` from the ml-service's last epoch checkpoint (its dataset version, its parent). */
  async resume(model: ModelRow, lastSequence: number): Promise<StartTrainingJobRequest> {
    const dataset = await this.sources.readyForResume(model.dataset_id, 'resume training on');
    const view = await this.sources.version(dataset.row, model.dataset_version);
    const pairs = await this.sources.pairs(dataset.row.id, view);
    const initFrom = model.parent_model_id ? (await this.sources.completedForResume(model.parent_model_id)).source : undefined;
    return { ...(await this.build(model, dataset, pairs, view, initFrom)), resume: true, firstSequence: lastSequence + 1 };
  }
}
