import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { type LoadModelResultDto, type SegmentExtra, type SegmentPairDto, type SegmentResultDto, mapSegment } from '../dtos/inference.dto';
import type { SegmentOutputs, SegmentResponse } from '../generated/medseg/v1/inference_service';
import type { ModelSource } from '../generated/medseg/v1/sources';
import { MlRepository } from '../repositories/ml.repository';
import type { ReceivedFile } from '../util/multipart';
import type { Caller } from '../auth/caller';
import { InferenceResultService } from './inference-result.service';
import { ModelSourceService } from './model-source.service';
import { CONFIG } from '../tokens';
import { datasetLimits } from './dataset-limits';
import { PRESIGN_S } from './storage-layout';

/**
 * Segments images with completed models kept warm in the ml-service. Persisting the input and the
 * result happens after the answer is on its way, so it never adds to the response time.
 */
@Injectable()
export class InferenceService {
  private readonly logger = new Logger(InferenceService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly results: InferenceResultService,
  ) {}

  async load(caller: Caller, modelId: string): Promise<LoadModelResultDto> {
    const r = await this.ml.loadModel(await this.source(caller, modelId));
    return { wasLoaded: r.wasLoaded, loadMs: r.loadMs, memoryBytes: r.memoryBytes };
  }

  /** An uploaded image (field "image") and its optional "sliceIndex" field. */
  async segmentUpload(caller: Caller, modelId: string, read: () => Promise<ReceivedFile>, persist: boolean, include: readonly SegmentExtra[] = [], testTimeMirroring = false): Promise<SegmentResultDto> {
    const started = performance.now();
    const model = await this.source(caller, modelId);
    const file = await read();
    const raw = file.fields.sliceIndex?.trim() ?? '0';
    if (!/^\d+$/.test(raw)) throw new BadRequestException(`sliceIndex must be a whole number >= 0, got "${raw}"`);
    const upload = { data: file.data, fileName: file.fileName, sliceIndex: Number(raw) };
    const response = await this.ml.segment({ model, upload, limits: datasetLimits(this.config.datasets), outputs: outputsFor(persist, include), testTimeMirroring });
    const label = response.sliceCount > 1 ? `${file.fileName} (slice ${upload.sliceIndex})` : file.fileName;
    return this.answer(caller, modelId, response, { persist, include }, started, { data: file.data, fileName: file.fileName }, label);
  }

  async segmentPair(caller: Caller, modelId: string, body: SegmentPairDto, persist: boolean, include: readonly SegmentExtra[] = [], testTimeMirroring = false): Promise<SegmentResultDto> {
    const started = performance.now();
    const model = await this.source(caller, modelId);
    const dataset = await this.sources.dataset(caller, body.datasetId);
    const pair = await this.sources.pair(dataset, body.pairIndex);
    const response = await this.ml.segment({
      model,
      pair: {
        shardUrl: await this.sources.presignShard(pair.shard_key),
        index: pair.idx,
        labelValues: dataset.stats?.labelValues ?? [],
      },
      limits: datasetLimits(this.config.datasets),
      outputs: outputsFor(persist, include),
      testTimeMirroring,
    });
    return this.answer(caller, modelId, response, { persist, include }, started, null, `${dataset.name} / ${pair.name}`);
  }

  private answer(
    caller: Caller,
    modelId: string,
    response: SegmentResponse,
    { persist, include }: { persist: boolean; include: readonly SegmentExtra[] },
    started: number,
    input: { data: Buffer; fileName: string } | null,
    label: string,
  ): SegmentResultDto {
    const resultId = persist ? randomUUID() : null;
    if (resultId) {
      // Not awaited: the browser gets its mask now; storage follows.
      setImmediate(() => {
        this.results
          .persist(resultId, modelId, caller.id, response, input, label)
          .catch((error: unknown) => this.logger.warn(`Inference result ${resultId} not stored: ${String(error)}`));
      });
    }
    return mapSegment(response, resultId, performance.now() - started, include);
  }

  private async source(caller: Caller, modelId: string): Promise<ModelSource> {
    return (await this.sources.completed(caller, modelId, 'segment with', PRESIGN_S.immediate)).source;
  }
}

/** What the ml-service encodes: everything for a result to store (its history shows it all again), else what was asked for. */
function outputsFor(persist: boolean, include: readonly SegmentExtra[]): SegmentOutputs {
  if (persist) return { omitImage: false, omitProbabilities: false };
  return { omitImage: !include.includes('image'), omitProbabilities: !include.includes('probabilities') };
}
