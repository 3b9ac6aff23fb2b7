import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import {
  ARCHITECTURES,
  type ArchitectureName,
  type HyperparameterRangeDto,
  type HyperparametersDto,
  type HyperparametersInputDto,
  LOSSES,
  type ModelDefaultsDto,
  OPTIMIZERS,
} from '../dtos/model.dto';
import type { TrainingDefaultsDto } from '../dtos/training-defaults.dto';
import {
  Architecture,
  type GetTrainingDefaultsResponse,
  LossFunction,
  Optimizer,
  type Hyperparameters as PbHyperparameters,
} from '../generated/medseg/v1/training_service';
import type { DatasetFingerprint } from '../generated/medseg/v1/volume';
import { MlRepository } from '../repositories/ml.repository';
import { DatasetService } from './dataset.service';

const ARCHITECTURE_PB: Record<ArchitectureName, Architecture> = {
  unet: Architecture.ARCHITECTURE_UNET,
  attention_unet: Architecture.ARCHITECTURE_ATTENTION_UNET,
  resunet: Architecture.ARCHITECTURE_RESUNET,
  unet_3d: Architecture.ARCHITECTURE_UNET_3D,
};
const OPTIMIZER_PB: Record<(typeof OPTIMIZERS)[number], Optimizer> = {
  adam: Optimizer.OPTIMIZER_ADAM,
  adamw: Optimizer.OPTIMIZER_ADAMW,
  sgd: Optimizer.OPTIMIZER_SGD,
};
const LOSS_PB: Record<(typeof LOSSES)[number], LossFunction> = {
  dice_ce: LossFunction.LOSS_FUNCTION_DICE_CE,
  dice: LossFunction.LOSS_FUNCTION_DICE,
  cross_entropy: LossFunction.LOSS_FUNCTION_CROSS_ENTROPY,
};

const nameOf = <N extends string, V>(table: Record<N, V>, value: V, fallback: N): N =>
  (Object.keys(table) as N[]).find((k) => table[k] === value) ?? fallback;

/**
 * The hyper-parameter rules live in the ml-service (GetTrainingDefaults); this asks once, keeps
 * the answer, and translates between the REST names and the proto. unet_3d's defaults depend on
 * the dataset (its fingerprint, DatasetService's), so they are asked for per dataset.
 */
@Injectable()
export class TrainingDefaultsService {
  private cached: Promise<ModelDefaultsDto> | null = null;

  constructor(
    private readonly ml: MlRepository,
    private readonly datasets: DatasetService,
  ) {}

  get(): Promise<ModelDefaultsDto> {
    // A failed answer is not kept: the next request asks again.
    this.cached ??= this.ml.getTrainingDefaults().then(mapDefaults, (error: unknown) => {
      this.cached = null;
      throw error;
    });
    return this.cached;
  }

  /** The rules, and unet_3d's defaults for a dataset the caller may see (404 otherwise). */
  async forDataset(caller: Caller, datasetId?: string): Promise<TrainingDefaultsDto> {
    if (!datasetId) return { ...(await this.get()), volumeDefaults: null };
    const fingerprint = await this.datasets.fingerprint(caller, datasetId);
    const [defaults, volumeDefaults] = await Promise.all([this.get(), this.volumeDefaults(fingerprint ?? null)]);
    return { ...defaults, volumeDefaults };
  }

  /** The fingerprint of a dataset the caller may see; null for one without volumes. */
  async fingerprint(caller: Caller, datasetId: string): Promise<DatasetFingerprint | null> {
    return (await this.datasets.fingerprint(caller, datasetId)) ?? null;
  }

  /**
   * The values a new model trains with: what was sent, the ml-service's defaults for the rest
   * (for unet_3d those of the dataset's fingerprint: patch size, target spacing, batch size).
   */
  async complete(sent: HyperparametersInputDto, fingerprint: DatasetFingerprint | null = null): Promise<HyperparametersDto> {
    const defined = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
    const base = (sent.architecture === 'unet_3d' ? await this.volumeDefaults(fingerprint) : null) ?? (await this.get()).hyperparameters;
    return { ...base, ...defined };
  }

  private async volumeDefaults(fingerprint: DatasetFingerprint | null): Promise<HyperparametersDto | null> {
    if (!fingerprint) return null;
    const answer = await this.ml.getTrainingDefaults(fingerprint);
    return answer.volumeDefaults ? fromPb(answer.volumeDefaults) : null;
  }
}

export function toPb(hp: HyperparametersDto): PbHyperparameters {
  const is3d = hp.architecture === 'unet_3d';
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
    // Rows stored before unet_3d have none of these.
    patchSize: is3d ? (hp.patchSize ?? []) : [],
    targetSpacing: is3d ? (hp.targetSpacing ?? []) : [],
    foregroundOversampling: is3d ? (hp.foregroundOversampling ?? 0) : 0,
    // Rows stored before dropout have none: they trained without (and a fine-tune must match them).
    dropout: hp.dropout ?? 0,
    guided: hp.guided ?? false,
  };
}

function fromPb(hp: PbHyperparameters): HyperparametersDto {
  return {
    epochs: hp.epochs,
    learningRate: hp.learningRate,
    batchSize: hp.batchSize,
    architecture: nameOf(ARCHITECTURE_PB, hp.architecture, ARCHITECTURES[0]),
    inputSize: hp.inputSize,
    validationFraction: hp.validationFraction,
    augmentation: hp.augmentation,
    optimizer: nameOf(OPTIMIZER_PB, hp.optimizer, OPTIMIZERS[0]),
    loss: nameOf(LOSS_PB, hp.loss, LOSSES[0]),
    seed: hp.seed,
    depth: hp.depth,
    baseChannels: hp.baseChannels,
    encoderDepth: hp.encoderDepth,
    patchSize: hp.patchSize ?? [],
    targetSpacing: hp.targetSpacing ?? [],
    foregroundOversampling: hp.foregroundOversampling ?? 0,
    dropout: hp.dropout ?? 0,
    guided: hp.guided ?? false,
  };
}

const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function mapDefaults(r: GetTrainingDefaultsResponse): ModelDefaultsDto {
  const ranges: Record<string, HyperparameterRangeDto> = {};
  for (const range of r.ranges) {
    ranges[camel(range.field)] = { min: range.min, max: range.max, step: range.step, minExclusive: range.minExclusive, allowed: range.allowed };
  }
  return {
    hyperparameters: fromPb(r.defaults!),
    ranges,
    inputSizeRules: r.inputSizeRules.map((rule) => ({
      architecture: nameOf(ARCHITECTURE_PB, rule.architecture, ARCHITECTURES[0]),
      depth: rule.depth || null,
      multiple: rule.multiple,
    })),
  };
}
