// One piece on purpose: the one place that turns rows into the ml-service's ModelSource and DatasetSource
// (cards, presigned weights and shards, dataset versions), so every caller signs and checks them alike.
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { DatasetCaseRow, DatasetPairRow, DatasetRow } from '../db/schema';
import type { DatasetCase } from '../generated/medseg/v1/dataset_service';
import type { DatasetSource, ModelSource } from '../generated/medseg/v1/sources';
import { imageFormatOf } from './dataset-formats';
import { DatasetRepository } from '../repositories/dataset.repository';
import { ModelRepository, type ModelWithDataset } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { type ModelCardSummary, parseModelCard } from './model-card';
import { PRESIGN_S, datasetKeys, modelKeys } from './storage-layout';
import type { Caller } from '../auth/caller';
import { ResourceAccess } from './access/resource-access.service';
import { DatasetVersionRepository } from '../repositories/dataset-version.repository';

/**
 * A dataset as of one version: the annotated cases, and the S3 key of the mask shard each one's
 * pairs read their masks from (instead of their image's shard).
 */
export interface DatasetVersionView {
  version: number;
  maskShards: Map<number, string>;
}

export interface CompletedModel {
  row: ModelWithDataset;
  source: ModelSource;
  labelValues: number[];
  /** Pair indices of the model's validation split, from its card; null when the card has none. */
  validationPairs: number[] | null;
  /** What the network's input has (1 or 3), from its card. */
  channels: number | null;
}

interface StoredCard {
  text: string;
  summary: ModelCardSummary;
}

export interface ReadyDataset {
  row: DatasetRow;
  labelValues: number[];
  channels: number;
}

/**
 * What training, evaluation, batch, export and segment requests hand the ml-service: a completed
 * model (card and presigned weights) and a ready dataset's pairs and shards. Cards never change
 * once written. Every entry point takes the caller and goes through ResourceAccess: whatever a
 * caller may not see is a 404 here, for every job kind alike.
 */
@Injectable()
export class ModelSourceService {
  private readonly cards = new Map<string, StoredCard>();
  /** Presigned weights URLs by model and lifetime, reused for a tenth of it (signing costs a ms per request). */
  private readonly weightsUrls = new Map<string, { url: string; signedAt: number }>();

  constructor(
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly access: ResourceAccess,
    private readonly versions: DatasetVersionRepository,
  ) {}

  /**
   * A completed model with its card and a presigned GET URL of its best weights, valid for
   * `presignSeconds` (a job may wait in a queue; a segment request uses the URL at once).
   */
  async completed(caller: Caller, modelId: string, purpose: string, presignSeconds: number = PRESIGN_S.job): Promise<CompletedModel> {
    return this.completedRow(await this.access.model(caller, modelId), purpose, presignSeconds);
  }

  /** The parent of a fine-tuning the gateway resumes on its own (it was checked when the training was asked for). */
  async completedForResume(modelId: string): Promise<CompletedModel> {
    const row = await this.models.getById(modelId);
    if (!row) throw new NotFoundException(`Model ${modelId} not found`);
    return this.completedRow(row, 'fine-tune', PRESIGN_S.job);
  }

  private async completedRow(row: ModelWithDataset, purpose: string, presignSeconds: number): Promise<CompletedModel> {
    const modelId = row.id;
    if (row.status !== 'completed') {
      throw new ConflictException(`Model ${row.name} is ${row.status === 'training' ? 'still training' : 'failed'}; ${purpose} a completed model`);
    }
    const keys = modelKeys(modelId);
    const card = await this.card(row);
    return {
      row,
      source: {
        modelId,
        cardJson: card.text,
        weightsUrl: await this.weightsUrl(modelId, keys.best, presignSeconds),
        weightsSha256: row.weights?.bestSha256 ?? '',
      },
      labelValues: row.classes?.labelValues ?? card.summary.classes?.labelValues ?? [],
      validationPairs: card.summary.validationPairs,
      channels: card.summary.channels,
    };
  }

  /** A URL valid for at least 90 % of `presignSeconds` from now: a fresh one, or one signed moments ago. */
  private async weightsUrl(modelId: string, key: string, presignSeconds: number): Promise<string> {
    const cacheKey = `${modelId}:${presignSeconds}`;
    const cached = this.weightsUrls.get(cacheKey);
    const now = Date.now();
    if (cached && now - cached.signedAt < presignSeconds * 100) return cached.url;
    const url = await this.storage.presignGet(key, presignSeconds);
    this.weightsUrls.set(cacheKey, { url, signedAt: now });
    return url;
  }

  /** model.json of a model, read from S3 once and parsed once. */
  private async card(row: ModelWithDataset): Promise<StoredCard> {
    const cached = this.cards.get(row.id);
    if (cached) return cached;
    const text = await this.storage.getText(modelKeys(row.id).card);
    if (!text) throw new ConflictException(`Model ${row.name} has no model.json in storage; run POST /api/admin/resync`);
    const summary = parseModelCard(text);
    if (!summary) throw new ConflictException(`Model ${row.name} has a model.json that is not a MedSeg model card; run POST /api/admin/resync`);
    const card: StoredCard = { text, summary };
    this.cards.set(row.id, card);
    return card;
  }

  /** A dataset the caller may see (404 otherwise, as for a missing one). */
  dataset(caller: Caller, datasetId: string): Promise<DatasetRow> {
    return this.access.dataset(caller, datasetId);
  }

  async pair(dataset: DatasetRow, index: number): Promise<DatasetPairRow> {
    const pair = await this.datasets.getPair(dataset.id, index);
    if (!pair) throw new NotFoundException(`Dataset ${dataset.name} has no pair ${index} (it has ${dataset.pair_count})`);
    return pair;
  }

  /** A shard URL for a request the ml-service serves at once. */
  presignShard(key: string): Promise<string> {
    return this.storage.presignGet(key, PRESIGN_S.immediate);
  }

  /** A dataset that is ready (404 when there is none, 409 saying why it is not ready). */
  async ready(caller: Caller, datasetId: string, purpose: string): Promise<ReadyDataset> {
    return this.readyRow(await this.dataset(caller, datasetId), purpose);
  }

  /** The dataset of a training the gateway resumes on its own (it was checked when the training was asked for). */
  async readyForResume(datasetId: string, purpose: string): Promise<ReadyDataset> {
    const row = await this.datasets.getById(datasetId);
    if (!row) throw new NotFoundException(`Dataset ${datasetId} not found`);
    return this.readyRow(row, purpose);
  }

  private readyRow(row: DatasetRow, purpose: string): ReadyDataset {
    if (row.status !== 'ready') {
      throw new ConflictException(`Dataset ${row.name} is ${row.status === 'uploaded' ? 'still being inspected' : 'in error'}; ${purpose} a ready dataset`);
    }
    if (!row.stats) throw new ConflictException(`Dataset ${row.name} has no statistics yet; run POST /api/admin/resync`);
    return { row, labelValues: row.stats.labelValues, channels: row.stats.channels };
  }

  /** A ready dataset whose label values are all classes of the model (400 naming the others). */
  async readyFor(caller: Caller, datasetId: string, model: CompletedModel, purpose: string): Promise<ReadyDataset> {
    const dataset = await this.ready(caller, datasetId, purpose);
    const { row } = dataset;
    const unknown = dataset.labelValues.filter((v) => !model.labelValues.includes(v));
    if (unknown.length > 0) {
      throw new BadRequestException(
        `Dataset ${row.name} has label values ${unknown.join(', ')} that model ${model.row.name} does not know ` +
          `(its classes are label values ${model.labelValues.join(', ')}); use a dataset labelled like the model's training data`,
      );
    }
    return dataset;
  }

  /** Version `version` of a dataset (default: its latest); 400 naming the versions it has. */
  async version(dataset: DatasetRow, version?: number): Promise<DatasetVersionView> {
    const latest = await this.versions.getLatest(dataset.id);
    const latestN = latest?.version ?? 1;
    const n = version ?? latestN;
    if (n > latestN) throw new BadRequestException(`Dataset ${dataset.name} has no version ${n} (it has versions 1 to ${latestN}); send datasetVersion 1 to ${latestN}`);
    if (n === 1) return { version: 1, maskShards: new Map() };
    const row = n === latestN ? latest : await this.versions.getVersion(dataset.id, n);
    if (!row) throw new ConflictException(`Dataset ${dataset.name} version ${n} is not in the cache; run POST /api/admin/resync`);
    const annotations = await this.versions.listAnnotationsById(Object.values(row.masks));
    const shardOf = new Map(annotations.map((a) => [a.id, a.mask_shard_key]));
    const maskShards = new Map<number, string>();
    for (const [caseIndex, annotationId] of Object.entries(row.masks)) {
      const key = shardOf.get(annotationId);
      if (!key) throw new ConflictException(`Dataset ${dataset.name} version ${n}: annotation ${annotationId} is not in the cache; run POST /api/admin/resync`);
      maskShards.set(Number(caseIndex), key);
    }
    return { version: n, maskShards };
  }

  /**
   * The pairs training and evaluation use: the slices of unlabeled cases (MSD imagesTs/, all-zero
   * masks) are left out, they are never trained or scored on, unless `view` annotated them.
   */
  async pairs(datasetId: string, view?: DatasetVersionView): Promise<DatasetPairRow[]> {
    if (!view || view.maskShards.size === 0) return this.datasets.listPairs(datasetId, 0, Number.MAX_SAFE_INTEGER, undefined, true);
    const all = await this.datasets.listPairs(datasetId, 0, Number.MAX_SAFE_INTEGER);
    return all.filter((p) => p.unlabeled === 0 || view.maskShards.has(p.case_index));
  }

  /** Every pair, unlabeled ones included: what batch inference on a dataset segments. */
  async inferencePairs(datasetId: string): Promise<DatasetPairRow[]> {
    return this.datasets.listPairs(datasetId, 0, Number.MAX_SAFE_INTEGER);
  }

  /**
   * One case as SegmentVolume reads it (DatasetCaseImage.dataset): its slices, unlabeled ones
   * included, their shards and the case; 404 naming the cases the dataset has.
   */
  async caseSource(dataset: ReadyDataset, caseIndex: number, labelValues: number[], channels: number): Promise<DatasetSource> {
    const { row } = dataset;
    const found = await this.datasets.getCase(row.id, caseIndex);
    const pairs = found ? await this.datasets.listCasePairs(row.id, found.first_pair, found.depth) : [];
    if (!found || pairs.length === 0) {
      throw new NotFoundException(
        row.case_count === 0
          ? `Dataset ${row.name} has no cases (it was inspected before every image became a case: upload it again); segment a pair instead`
          : `Dataset ${row.name} has no case ${caseIndex} (it has cases 0 to ${row.case_count - 1})`,
      );
    }
    const source = await this.datasetSource(dataset, pairs, labelValues, channels);
    // A 2D image's case: its pair names no volume, so datasetSource did not list it.
    if (!source.cases.some((c) => c.index === caseIndex)) source.cases.push(sourceCase(found));
    return source;
  }

  /** The pairs as a model's job reads them: the dataset's values are among the model's classes; index i means class i. */
  trainingDataset(dataset: ReadyDataset, model: CompletedModel, pairs: DatasetPairRow[], view?: DatasetVersionView): Promise<DatasetSource> {
    return this.datasetSource(dataset, pairs, model.labelValues, model.channels ?? dataset.channels, view);
  }

  /**
   * The pairs as the ml-service reads them, with presigned GET URLs of only the shards they need,
   * the cases (with their geometry) those pairs are slices of, the label names and the fingerprint.
   */
  async datasetSource(
    dataset: ReadyDataset,
    pairs: DatasetPairRow[],
    labelValues: number[],
    channels: number,
    view?: DatasetVersionView,
  ): Promise<DatasetSource> {
    const { row } = dataset;
    const keys = datasetKeys(row.id);
    // A pair of an annotated case reads its mask from the annotation's shard (only masks in it).
    const maskShardOf = (p: DatasetPairRow) => view?.maskShards.get(p.case_index);
    const shardKeys = [...new Set(pairs.flatMap((p) => [p.shard_key, maskShardOf(p)].filter((k): k is string => !!k)))];
    const shards = await Promise.all(
      shardKeys.map(async (key) => ({ path: keys.path(key), url: await this.storage.presignGet(key, PRESIGN_S.job) })),
    );
    const referenced = new Set(pairs.filter((p) => p.volume !== '').map((p) => p.case_index));
    const cases = referenced.size === 0 ? [] : (await this.datasets.listCases(row.id, 0, Number.MAX_SAFE_INTEGER)).filter((c) => referenced.has(c.idx));
    return {
      datasetId: row.id,
      shards,
      pairs: pairs.map((p) => ({
        index: p.idx,
        name: p.name,
        volume: p.volume,
        sliceIndex: p.slice_index,
        shardPath: keys.path(p.shard_key),
        caseIndex: p.case_index,
        unlabeled: p.unlabeled === 1 && !maskShardOf(p),
        maskShardPath: maskShardOf(p) ? keys.path(maskShardOf(p)!) : '',
      })),
      labelValues,
      channels,
      cases: cases.map(sourceCase),
      labels: row.labels,
      fingerprint: row.fingerprint ?? undefined,
      version: view?.version ?? 1,
    };
  }
}

/** A dataset_cases row as the proto's DatasetCase. */
export function sourceCase(c: DatasetCaseRow): DatasetCase {
  return {
    index: c.idx,
    name: c.name,
    imagePaths: c.image_paths,
    maskPath: c.mask_path,
    imageFormat: imageFormatOf(c.image_format),
    maskFormat: imageFormatOf(c.mask_format),
    depth: c.depth,
    height: c.height,
    width: c.width,
    channels: c.channels,
    geometry: c.geometry ?? undefined,
    modality: c.modality,
    firstPair: c.first_pair,
    labelVoxels: c.label_voxels,
    intensities: c.intensities,
    seriesInstanceUid: c.series_uid,
    windowCenter: c.window_center,
    windowWidth: c.window_width,
    unlabeled: c.unlabeled === 1,
  };
}
