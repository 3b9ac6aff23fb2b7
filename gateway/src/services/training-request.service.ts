import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { DatasetPairRow, DatasetRow, ModelRow } from '../db/schema';
import type { HyperparametersDto } from '../dtos/model.dto';
import {
  Architecture,
  type ArtifactTargets,
  LossFunction,
  Optimizer,
  type Hyperparameters as PbHyperparameters,
  type StartTrainingJobRequest,
} from '../generated/medseg/v1/training_service';
import { DatasetRepository } from '../repositories/dataset.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { modelKeys } from './model-keys';
import { JOB_PRESIGN_S, ModelSourceService } from './model-source.service';

const ARCHITECTURE_PB = {
  unet: Architecture.ARCHITECTURE_UNET,
  attention_unet: Architecture.ARCHITECTURE_ATTENTION_UNET,
  resunet: Architecture.ARCHITECTURE_RESUNET,
} as const;
const OPTIMIZER_PB = { adam: Optimizer.OPTIMIZER_ADAM, adamw: Optimizer.OPTIMIZER_ADAMW, sgd: Optimizer.OPTIMIZER_SGD } as const;
const LOSS_PB = {
  dice_ce: LossFunction.LOSS_FUNCTION_DICE_CE,
  dice: LossFunction.LOSS_FUNCTION_DICE,
  cross_entropy: LossFunction.LOSS_FUNCTION_CROSS_ENTROPY,
} as const;

/**
 * What a training job hands the ml-service, with fresh presigned URLs: built once for a new model,
 * again for a resume after an ml-service restart, and the artifact URLs again for an upload retry.
 */
@Injectable()
export class TrainingRequestService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly sources: ModelSourceService,
  ) {}

  /** Presigned PUT URLs of the model's weights and card. */
  async artifacts(modelId: string): Promise<ArtifactTargets> {
    const keys = modelKeys(modelId);
    const [best, last, card] = await Promise.all([
      this.storage.presignPut(keys.best, JOB_PRESIGN_S),
      this.storage.presignPut(keys.last, JOB_PRESIGN_S),
      this.storage.presignPut(keys.card, JOB_PRESIGN_S),
    ]);
    return { bestWeightsUrl: best, lastWeightsUrl: last, cardUrl: card };
  }

  /** The whole request of a model row (its hyper-parameters as stored) on its dataset's pairs. */
  async build(model: Pick<ModelRow, 'id' | 'name' | 'hyperparameters'>, dataset: DatasetRow, pairs: DatasetPairRow[]): Promise<StartTrainingJobRequest> {
    const stats = JSON.parse(dataset.stats) as { labelValues: number[]; channels: number } | null;
    if (!stats) throw new ConflictException(`Dataset ${dataset.name} has no statistics yet; run POST /api/admin/resync`);
    const [source, artifacts] = await Promise.all([
      this.sources.datasetSource(dataset, pairs, stats.labelValues, stats.channels),
      this.artifacts(model.id),
    ]);
    return {
      jobId: model.id,
      modelName: model.name,
      hyperparameters: toPb(JSON.parse(model.hyperparameters) as HyperparametersDto),
      dataset: source,
      artifacts,
      resume: false,
      firstSequence: 0,
    };
  }

  /** The request that continues `model` from the ml-service's last epoch checkpoint. */
  async resume(model: ModelRow, lastSequence: number): Promise<StartTrainingJobRequest> {
    const dataset = await this.datasets.getById(model.dataset_id);
    if (!dataset) throw new NotFoundException(`Dataset ${model.dataset_id} of model ${model.name} is gone`);
    const pairs = await this.datasets.listPairs(dataset.id, 0, Number.MAX_SAFE_INTEGER);
    return { ...(await this.build(model, dataset, pairs)), resume: true, firstSequence: lastSequence + 1 };
  }

}

function toPb(hp: HyperparametersDto): PbHyperparameters {
  return {
    epochs: hp.epochs,
    learningRate: hp.learningRate,
    batchSize: hp.batchSize,
    architecture: ARCHITECTURE_PB[hp.architecture],
    inputSize: hp.inputSize,
    validationFraction: hp.validationFraction,
    augmentation: hp.augmentation,
    optimizer: OPTIMIZER_PB[hp.optimizer],
    loss: LOSS_PB[hp.loss],
    seed: hp.seed,
    depth: hp.depth,
    baseChannels: hp.baseChannels,
    encoderDepth: hp.encoderDepth,
  };
}
