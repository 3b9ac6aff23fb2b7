import { Injectable } from '@nestjs/common';
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
import {
  Architecture,
  type GetTrainingDefaultsResponse,
  LossFunction,
  Optimizer,
  type Hyperparameters as PbHyperparameters,
} from '../generated/medseg/v1/training_service';
import { MlRepository } from '../repositories/ml.repository';

const ARCHITECTURE_PB: Record<ArchitectureName, Architecture> = {
  unet: Architecture.ARCHITECTURE_UNET,
  attention_unet: Architecture.ARCHITECTURE_ATTENTION_UNET,
  resunet: Architecture.ARCHITECTURE_RESUNET,
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
 * the answer, and translates between the REST names and the proto.
 */
@Injectable()
export class TrainingDefaultsService {
  private cached: Promise<ModelDefaultsDto> | null = null;

  constructor(private readonly ml: MlRepository) {}

  get(): Promise<ModelDefaultsDto> {
    // A failed answer is not kept: the next request asks again.
    this.cached ??= this.ml.getTrainingDefaults().then(mapDefaults, (error: unknown) => {
      this.cached = null;
      throw error;
    });
    return this.cached;
  }

  /** The values a new model trains with: what was sent, the ml-service's defaults for the rest. */
  async complete(sent: HyperparametersInputDto): Promise<HyperparametersDto> {
    const defined = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
    return { ...(await this.get()).hyperparameters, ...defined };
  }
}

export function toPb(hp: HyperparametersDto): PbHyperparameters {
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
    patchSize: [],
    targetSpacing: [],
    foregroundOversampling: 0,
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
