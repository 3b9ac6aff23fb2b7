import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import {
  ARCHITECTURES,
  AUGMENTATION_PRESETS,
  type ArchitectureName,
  type HyperparameterRangeDto,
  type HyperparametersDto,
  type HyperparametersInputDto,
  LOSSES,
  LR_SCHEDULES,
  type ModelDefaultsDto,
  OPTIMIZERS,
} from '../dtos/model.dto';
import type { TrainingDefaultsDto } from '../dtos/training-defaults.dto';
import {
  Architecture,
  AugmentationPreset,
  type AutoChoice,
  type GetTrainingDefaultsResponse,
  LearningRateSchedule,
  LossFunction,
  Optimizer,
  type Hyperparameters as PbHyperparameters,
} from '../generated/medseg/v1/training_service';
import type { DatasetRow } from '../db/schema';
import type { DatasetStats } from '../generated/medseg/v1/dataset_service';
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

const AUGMENTATION_PRESET_PB: Record<(typeof AUGMENTATION_PRESETS)[number], AugmentationPreset> = {
  nnunet: AugmentationPreset.AUGMENTATION_PRESET_NNUNET,
  light: AugmentationPreset.AUGMENTATION_PRESET_LIGHT,
};
const LR_SCHEDULE_PB: Record<(typeof LR_SCHEDULES)[number], LearningRateSchedule> = {
  poly: LearningRateSchedule.LEARNING_RATE_SCHEDULE_POLY,
  cosine: LearningRateSchedule.LEARNING_RATE_SCHEDULE_COSINE,
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

  /**
   * The rules, and for a dataset the caller may see (404 otherwise) its "Auto" values: the 2D
   * defaults derived from its statistics and unet_3d's from its fingerprint, each with why.
   */
  async forDataset(caller: Caller, datasetId?: string): Promise<TrainingDefaultsDto> {
    const defaults = await this.get();
    if (!datasetId) return { ...defaults, volumeDefaults: null, autoDefaults: null, autoChoices: [], volumeChoices: [] };
    const auto = await this.auto(profileOf(await this.datasets.visible(caller, datasetId)));
    return { ...defaults, ...auto };
  }

  /**
   * The values a new model trains with: what was sent, and for the rest the dataset's Auto values
   * (unet_3d's from its fingerprint), or the ml-service's plain defaults when it has no statistics.
   */
  async complete(sent: HyperparametersInputDto, profile: DatasetProfile): Promise<HyperparametersDto> {
    const defined = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
    const auto = await this.auto(profile);
    const base = (sent.architecture === 'unet_3d' ? auto.volumeDefaults : auto.autoDefaults) ?? (await this.get()).hyperparameters;
    return { ...base, ...defined };
  }

  private async auto(profile: DatasetProfile): Promise<AutoDefaults> {
    if (!profile.fingerprint && !profile.stats) return { volumeDefaults: null, autoDefaults: null, autoChoices: [], volumeChoices: [] };
    const answer = await this.ml.getTrainingDefaults(profile);
    return {
      volumeDefaults: answer.volumeDefaults ? fromPb(answer.volumeDefaults) : null,
      autoDefaults: answer.autoDefaults ? fromPb(answer.autoDefaults) : null,
      autoChoices: answer.autoChoices.map(mapChoice),
      volumeChoices: answer.volumeChoices.map(mapChoice),
    };
  }
}

/** What the Auto preset is derived from: a dataset's statistics, and its fingerprint when it has volumes. */
export interface DatasetProfile {
  stats?: DatasetStats;
  fingerprint?: DatasetFingerprint;
}

/** A dataset row's profile; stats stored before unlabeled cases were counted had none. */
export function profileOf(row: Pick<DatasetRow, 'stats' | 'fingerprint'>): DatasetProfile {
  return {
    stats: row.stats ? { ...row.stats, unlabeledCount: row.stats.unlabeledCount ?? 0 } : undefined,
    fingerprint: row.fingerprint ?? undefined,
  };
}

type AutoDefaults = Pick<TrainingDefaultsDto, 'volumeDefaults' | 'autoDefaults' | 'autoChoices' | 'volumeChoices'>;

const mapChoice = (c: AutoChoice) => ({ field: camel(c.field), reason: c.reason });

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
    // Every architecture oversamples foreground; a 2D row stored with 0 (none was sent then) gets the default.
    foregroundOversampling: hp.foregroundOversampling ?? 0,
    // Rows stored before dropout have none: they trained without (and a fine-tune must match them).
    dropout: hp.dropout ?? 0,
    guided: hp.guided ?? false,
    augmentationPreset: AUGMENTATION_PRESET_PB[hp.augmentationPreset ?? 'light'],
    lrSchedule: LR_SCHEDULE_PB[hp.lrSchedule ?? 'cosine'],
    earlyStoppingPatience: hp.earlyStoppingPatience ?? 0,
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
    augmentationPreset: nameOf(AUGMENTATION_PRESET_PB, hp.augmentationPreset, AUGMENTATION_PRESETS[0]),
    lrSchedule: nameOf(LR_SCHEDULE_PB, hp.lrSchedule, LR_SCHEDULES[0]),
    earlyStoppingPatience: hp.earlyStoppingPatience,
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
