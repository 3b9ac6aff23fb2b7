import { Injectable, NotFoundException } from '@nestjs/common';
import type { DatasetPairRow } from '../db/schema';
import type { DatasetCase } from '../generated/medseg/v1/dataset_service';
import type { DatasetCaseImage } from '../generated/medseg/v1/inference_service';
import { StorageRepository } from '../repositories/storage.repository';
import type { Caller } from '../auth/caller';
import { type CompletedModel, ModelSourceService } from './model-source.service';
import { datasetKeys } from './storage-layout';

/** The parts of a manifest case (camelCase of the proto's DatasetCase) a volume request needs. */
interface ManifestCase {
  index: number;
  name: string;
  depth?: number;
  height?: number;
  width?: number;
  channels?: number;
  geometry?: { spacing?: number[]; affine?: number[]; sourceShape?: number[]; sourceAffine?: number[] };
  modality?: string;
  firstPair?: number;
  windowCenter?: number;
  windowWidth?: number;
  unlabeled?: boolean;
}

export interface VolumeCase {
  image: DatasetCaseImage;
  /** "<dataset> / <case>", as the history shows it. */
  label: string;
}

/**
 * A stored dataset case as SegmentVolume reads it: its slices' pairs, the shards holding them, and
 * the case with its geometry. Cases come from the manifest's `cases` (ingest writes them); a dataset
 * inspected before cases existed has its volumes numbered in pair order, without geometry.
 */
@Injectable()
export class VolumeCaseSource {
  constructor(
    private readonly sources: ModelSourceService,
    private readonly storage: StorageRepository,
  ) {}

  async load(caller: Caller, datasetId: string, caseIndex: number, model: CompletedModel): Promise<VolumeCase> {
    const dataset = await this.sources.readyFor(caller, datasetId, model, 'segment a case of');
    const pairs = await this.sources.pairs(datasetId);
    const cases = (await this.manifestCases(datasetId)) ?? casesFromPairs(pairs);
    const found = cases.find((c) => c.index === caseIndex);
    if (!found) {
      throw new NotFoundException(`Dataset ${dataset.row.name} has no case ${caseIndex} (it has ${cases.length}: 0–${Math.max(cases.length - 1, 0)})`);
    }
    const slices = pairs.filter((p) => p.volume === found.name);
    if (slices.length === 0) throw new NotFoundException(`Case ${caseIndex} (${found.name}) of dataset ${dataset.row.name} has no slices`);
    const source = await this.sources.datasetSource(dataset, slices, model.labelValues, model.channels ?? dataset.channels);
    source.pairs = source.pairs.map((p) => ({ ...p, caseIndex, unlabeled: Boolean(found.unlabeled) }));
    source.cases = [toProtoCase(found, slices)];
    return { image: { dataset: source, caseIndex }, label: `${dataset.row.name} / ${found.name}` };
  }

  private async manifestCases(datasetId: string): Promise<ManifestCase[] | null> {
    const text = await this.storage.getText(datasetKeys(datasetId).manifest);
    if (!text) return null;
    const cases = (JSON.parse(text) as { cases?: unknown }).cases;
    return Array.isArray(cases) && cases.length > 0 ? (cases as ManifestCase[]) : null;
  }
}

/** Volumes in the order their first slice appears; 2D images are no case. */
function casesFromPairs(pairs: DatasetPairRow[]): ManifestCase[] {
  const names: string[] = [];
  for (const p of pairs) if (p.volume && !names.includes(p.volume)) names.push(p.volume);
  return names.map((name, index) => ({ index, name }));
}

function toProtoCase(c: ManifestCase, slices: DatasetPairRow[]): DatasetCase {
  const g = c.geometry ?? {};
  return {
    index: c.index,
    name: c.name,
    imagePaths: [],
    maskPath: '',
    imageFormat: 0,
    maskFormat: 0,
    depth: c.depth ?? slices.length,
    height: c.height ?? slices[0].height,
    width: c.width ?? slices[0].width,
    channels: c.channels ?? slices[0].channels,
    geometry: { spacing: g.spacing ?? [], affine: g.affine ?? [], sourceShape: g.sourceShape ?? [], sourceAffine: g.sourceAffine ?? [] },
    modality: c.modality ?? '',
    firstPair: c.firstPair ?? slices[0].idx,
    labelVoxels: [],
    intensities: [],
    seriesInstanceUid: '',
    windowCenter: c.windowCenter ?? 0,
    windowWidth: c.windowWidth ?? 0,
    unlabeled: Boolean(c.unlabeled),
  };
}
