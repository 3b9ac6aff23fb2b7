import { randomUUID } from 'node:crypto';
import { Inject, Injectable, InternalServerErrorException, Logger } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import type { SegmentCaseDto, VolumeResultDto } from '../dtos/inference-volume.dto';
import type { SegmentVolumeRequest, SegmentVolumeResult } from '../generated/medseg/v1/inference_service';
import { MlRepository } from '../repositories/ml.repository';
import type { ReceivedFile } from '../util/multipart';
import type { Caller } from '../auth/caller';
import { ModelSourceService } from './model-source.service';
import { VolumeCaseSource } from './volume-case-source.service';
import { VolumeResultService } from './volume-result.service';
import { CONFIG } from '../tokens';
import { datasetLimits } from './dataset-limits';
import { PRESIGN_S } from './storage-layout';

/**
 * Segments a whole volume once (an upload or a dataset case) and stores it as an inference result
 * before answering, so the viewer can browse it slice by slice without sending it again.
 */
@Injectable()
export class InferenceVolumeService {
  private readonly logger = new Logger(InferenceVolumeService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly cases: VolumeCaseSource,
    private readonly results: VolumeResultService,
  ) {}

  /** An uploaded volume (field "image"): NIfTI, NRRD, MHA, a ZIP of a DICOM series or of an .mhd + .raw, or a 2D image. */
  async segmentUpload(caller: Caller, modelId: string, read: () => Promise<ReceivedFile>, testTimeMirroring: boolean, signal?: AbortSignal): Promise<VolumeResultDto> {
    const started = performance.now();
    // The model is checked before the upload is read: nothing is taken in for a model the caller may not use.
    const model = await this.sources.completed(caller, modelId, 'segment with', PRESIGN_S.immediate);
    const file = await read();
    const upload = { data: file.data, fileName: file.fileName, sliceIndex: 0 };
    const result = await this.run({ model: model.source, upload, limits: datasetLimits(this.config.datasets), testTimeMirroring }, signal);
    const input = { data: file.data, fileName: file.fileName, isNifti: /\.nii(\.gz)?$/i.test(file.fileName) };
    return this.store(caller, modelId, result, input, file.fileName, started);
  }

  /** A stored dataset case, scored against its ground truth. */
  async segmentCase(caller: Caller, modelId: string, body: SegmentCaseDto, testTimeMirroring: boolean, signal?: AbortSignal): Promise<VolumeResultDto> {
    const started = performance.now();
    const model = await this.sources.completed(caller, modelId, 'segment with', PRESIGN_S.immediate);
    const found = await this.cases.load(caller, body.datasetId, body.caseIndex, model);
    const result = await this.run({ model: model.source, datasetCase: found.image, limits: datasetLimits(this.config.datasets), testTimeMirroring }, signal);
    return this.store(caller, modelId, result, null, found.label, started);
  }

  private async run(request: SegmentVolumeRequest, signal?: AbortSignal): Promise<SegmentVolumeResult> {
    let result: SegmentVolumeResult | null = null;
    for await (const message of this.ml.segmentVolume(request, signal)) {
      if (message.result) result = message.result;
    }
    if (!result) throw new InternalServerErrorException('The ml-service ended the segmentation without a result; try again');
    return result;
  }

  private async store(
    caller: Caller,
    modelId: string,
    result: SegmentVolumeResult,
    input: { data: Buffer; fileName: string; isNifti: boolean } | null,
    label: string,
    started: number,
  ): Promise<VolumeResultDto> {
    const id = randomUUID();
    const dto = await this.results.persist(id, modelId, caller.id, result, input, label, performance.now() - started);
    this.logger.log(`Volume result ${id} of model ${modelId} stored (${result.depth}x${result.height}x${result.width})`);
    return { ...dto, timings: { ...dto.timings, gatewayMs: performance.now() - started } };
  }
}
