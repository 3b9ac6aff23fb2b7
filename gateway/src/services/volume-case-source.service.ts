import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { DatasetCaseImage } from '../generated/medseg/v1/inference_service';
import { DatasetRepository } from '../repositories/dataset.repository';
import type { Caller } from '../auth/caller';
import { type CompletedModel, ModelSourceService } from './model-source.service';

export interface VolumeCase {
  image: DatasetCaseImage;
  /** "<dataset> / <case>", as the history shows it. */
  label: string;
}

/**
 * A stored dataset case as SegmentVolume reads it: its slices' pairs (an unlabeled case's too), the
 * shards holding them, and the case with its geometry (dataset_cases).
 */
@Injectable()
export class VolumeCaseSource {
  constructor(
    private readonly sources: ModelSourceService,
    private readonly datasets: DatasetRepository,
  ) {}

  async load(caller: Caller, datasetId: string, caseIndex: number, model: CompletedModel): Promise<VolumeCase> {
    const dataset = await this.sources.readyFor(caller, datasetId, model, 'segment a case of');
    const { row } = dataset;
    if (row.case_count === 0) {
      throw new BadRequestException(`Dataset ${row.name} has no cases (it was inspected before every image became a case: upload it again); segment its pairs instead`);
    }
    const found = await this.datasets.getCase(datasetId, caseIndex);
    if (!found) throw new NotFoundException(`Dataset ${row.name} has no case ${caseIndex} (it has ${row.case_count}: 0–${row.case_count - 1})`);
    const source = await this.sources.caseSource(dataset, caseIndex, model.labelValues, model.channels ?? dataset.channels);
    return { image: { dataset: source, caseIndex }, label: `${row.name} / ${found.name}` };
  }
}
