import { randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import {
  BadRequestException,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import {
  type InferenceResultDto,
  type LoadModelResultDto,
  type SegmentPairDto,
  type SegmentResultDto,
  mapSegment,
} from '../dtos/inference.dto';
import type { SegmentRequest, SegmentResponse } from '../generated/medseg/v1/inference_service';
import type { ModelSource } from '../generated/medseg/v1/sources';
import { DatasetRepository } from '../repositories/dataset.repository';
import { InferenceResultRepository } from '../repositories/inference-result.repository';
import { MlRepository } from '../repositories/ml.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { ModelSourceService } from './model-source.service';

/** Images travel inside one gRPC message; the ml-service accepts up to MEDSEG_ML_MAX_MESSAGE_MB. */
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;

/** `.nii.gz` is one extension here: the stored input keeps the name a viewer needs. */
function inputExtension(fileName: string): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.nii.gz')) return '.nii.gz';
  return extname(lower) || '.bin';
}

/** inference/<id>/result.json */
interface StoredResult {
  id: string;
  modelId: string;
  width: number;
  height: number;
  sliceCount: number;
  classCount: number;
  labelValues: number[];
  timings: SegmentResponse['timings'] | null;
}

interface Upload {
  data: Buffer;
  fileName: string;
  sliceIndex: number;
}

/**
 * Segments images with completed models kept warm in the ml-service. Persisting the input and the
 * result happens after the answer is on its way, so it never adds to the response time.
 */
// A segment request hands the weights URL to the ml-service at once.
const WEIGHTS_PRESIGN_S = 600;

@Injectable()
export class InferenceService {
  private readonly logger = new Logger(InferenceService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly datasets: DatasetRepository,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    private readonly results: InferenceResultRepository,
    private readonly sources: ModelSourceService,
  ) {}

  async load(modelId: string): Promise<LoadModelResultDto> {
    const r = await this.ml.loadModel(await this.source(modelId));
    return { wasLoaded: r.wasLoaded, loadMs: r.loadMs, memoryBytes: r.memoryBytes };
  }

  async segmentUpload(modelId: string, req: Request, persist: boolean): Promise<SegmentResultDto> {
    const started = performance.now();
    const model = await this.source(modelId);
    const upload = await readImage(req);
    const response = await this.ml.segment({ model, upload: { data: upload.data, fileName: upload.fileName, sliceIndex: upload.sliceIndex }, maxPixels: 0 });
    return this.answer(modelId, response, persist, started, { data: upload.data, fileName: upload.fileName });
  }

  async segmentPair(modelId: string, body: SegmentPairDto, persist: boolean): Promise<SegmentResultDto> {
    const started = performance.now();
    const model = await this.source(modelId);
    const dataset = await this.datasets.getById(body.datasetId);
    if (!dataset) throw new NotFoundException(`Dataset ${body.datasetId} not found`);
    const pair = await this.datasets.getPair(body.datasetId, body.pairIndex);
    if (!pair) throw new NotFoundException(`Dataset ${dataset.name} has no pair ${body.pairIndex} (it has ${dataset.pair_count})`);
    const stats = JSON.parse(dataset.stats) as { labelValues: number[] } | null;
    const request: SegmentRequest = {
      model,
      pair: { shardUrl: await this.storage.presignGet(pair.shard_key, 600), index: pair.idx, labelValues: stats?.labelValues ?? [] },
      maxPixels: 0,
    };
    const response = await this.ml.segment(request);
    return this.answer(modelId, response, persist, started, null);
  }

  async list(modelId: string): Promise<InferenceResultDto[]> {
    if (!(await this.models.getById(modelId))) throw new NotFoundException(`Model ${modelId} not found`);
    const rows = await this.results.listByModel(modelId, 100);
    return rows.map((r) => ({
      id: r.id,
      modelId: r.model_id,
      createdAt: r.created_at,
      inputUrl: `/api/inference-results/${r.id}/input`,
      maskUrl: `/api/inference-results/${r.id}/mask`,
      maskNiftiUrl: /\.nii(\.gz)?$/.test(r.input_image_s3_key) ? `/api/inference-results/${r.id}/mask?format=nifti` : null,
    }));
  }

  /** A stored result as the viewer shows it: display image, mask and probability maps from S3. */
  async open(id: string): Promise<SegmentResultDto> {
    const row = await this.results.getById(id);
    if (!row) throw new NotFoundException(`Inference result ${id} not found`);
    const prefix = `inference/${id}/`;
    const text = await this.storage.getText(`${prefix}result.json`);
    if (!text) throw new NotFoundException(`Result ${id} is missing from storage`);
    const stored = JSON.parse(text) as StoredResult;
    const read = async (key: string) => {
      const bytes = await this.storage.getBytes(key);
      if (!bytes) throw new NotFoundException(`${key} is missing from storage`);
      return bytes;
    };
    const [imagePng, maskPng, ...probabilityPngs] = await Promise.all([
      read(`${prefix}image.png`),
      read(`${prefix}mask.png`),
      ...Array.from({ length: stored.classCount }, (_, i) => read(`${prefix}probabilities/${i}.png`)),
    ]);
    const response: SegmentResponse = {
      width: stored.width,
      height: stored.height,
      sliceCount: stored.sliceCount,
      imagePng,
      maskPng,
      probabilityPngs,
      labelValues: stored.labelValues,
      timings: stored.timings ?? undefined,
      modelWasLoaded: true,
      groundTruthPng: new Uint8Array(),
      maskNifti: new Uint8Array(),
      dicePerClass: [],
      iouPerClass: [],
      dice: 0,
      iou: 0,
    };
    return mapSegment(response, id, 0);
  }

  async resultFile(id: string, kind: 'input' | 'mask' | 'mask-nifti') {
    const row = await this.results.getById(id);
    if (!row) throw new NotFoundException(`Inference result ${id} not found`);
    const key =
      kind === 'input' ? row.input_image_s3_key : kind === 'mask' ? row.output_image_s3_key : `inference/${id}/mask.nii.gz`;
    const object = await this.storage.getObjectStream(key);
    if (!object) {
      throw new NotFoundException(
        kind === 'mask-nifti' ? `Result ${id} has no NIfTI mask: only NIfTI input gets one` : `The ${kind} of result ${id} is missing from storage`,
      );
    }
    return { ...object, fileName: key.split('/').pop()! };
  }

  private answer(
    modelId: string,
    response: SegmentResponse,
    persist: boolean,
    started: number,
    input: { data: Buffer; fileName: string } | null,
  ): SegmentResultDto {
    const resultId = persist ? randomUUID() : null;
    if (resultId) {
      // Not awaited: the browser gets its mask now; storage follows.
      setImmediate(() => {
        this.persist(resultId, modelId, response, input).catch((error: unknown) =>
          this.logger.warn(`Inference result ${resultId} not stored: ${String(error)}`),
        );
      });
    }
    return mapSegment(response, resultId, performance.now() - started);
  }

  private async persist(id: string, modelId: string, response: SegmentResponse, input: { data: Buffer; fileName: string } | null): Promise<void> {
    const prefix = `inference/${id}/`;
    const inputKey = input ? `${prefix}input${inputExtension(input.fileName)}` : `${prefix}input.png`;
    await this.storage.putObject(inputKey, input ? input.data : response.imagePng, input ? 'application/octet-stream' : 'image/png');
    await this.storage.putObject(`${prefix}mask.png`, response.maskPng, 'image/png');
    if (response.maskNifti.length > 0) await this.storage.putObject(`${prefix}mask.nii.gz`, response.maskNifti, 'application/gzip');
    // What the viewer needs to show the result again, threshold slider included.
    await this.storage.putObject(`${prefix}image.png`, response.imagePng, 'image/png');
    for (const [i, png] of response.probabilityPngs.entries()) {
      await this.storage.putObject(`${prefix}probabilities/${i}.png`, png, 'image/png');
    }
    const stored: StoredResult = {
      id,
      modelId,
      width: response.width,
      height: response.height,
      sliceCount: response.sliceCount,
      classCount: response.probabilityPngs.length,
      labelValues: response.labelValues,
      timings: response.timings ?? null,
    };
    await this.storage.putObject(`${prefix}result.json`, JSON.stringify(stored), 'application/json');
    await this.results.insert({ id, model_id: modelId, input_image_s3_key: inputKey, output_image_s3_key: `${prefix}mask.png` });
  }

  private async source(modelId: string): Promise<ModelSource> {
    return (await this.sources.completed(modelId, 'segment with', WEIGHTS_PRESIGN_S)).source;
  }

}

/** One image file (field "image") and an optional sliceIndex field, held in memory (images are small). */
function readImage(req: Request): Promise<Upload> {
  if (!req.is('multipart/form-data')) {
    throw new UnsupportedMediaTypeException('Send the image as multipart/form-data with a file field named "image"');
  }
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_IMAGE_BYTES } });
    const chunks: Buffer[] = [];
    let fileName = '';
    let sliceIndex = 0;
    let tooLarge = false;
    let badSlice: string | null = null;
    parser.on('field', (name, value) => {
      if (name !== 'sliceIndex') return;
      if (!/^\d+$/.test(value.trim())) badSlice = value;
      else sliceIndex = Number(value);
    });
    parser.on('file', (field, file, info) => {
      if (field !== 'image') {
        file.resume();
        return;
      }
      fileName = info.filename || 'image';
      file.on('data', (c: Buffer) => chunks.push(c));
      file.on('limit', () => (tooLarge = true));
    });
    parser.on('error', (e: Error) => reject(new BadRequestException(`Malformed multipart request: ${e.message}`)));
    parser.on('close', () => {
      if (tooLarge) return reject(new PayloadTooLargeException(`The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`));
      if (badSlice !== null) return reject(new BadRequestException(`sliceIndex must be a whole number >= 0, got "${badSlice}"`));
      if (!fileName) return reject(new BadRequestException('No image in the request; send it in a multipart field named "image"'));
      const data = Buffer.concat(chunks);
      if (data.length === 0) return reject(new BadRequestException(`${fileName} is empty`));
      resolve({ data, fileName, sliceIndex });
    });
    req.pipe(parser);
  });
}
