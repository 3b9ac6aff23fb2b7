import { Readable } from 'node:stream';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { type InferenceResultDto, type SegmentResultDto, mapSegment } from '../dtos/inference.dto';
import type { VolumeResultDto } from '../dtos/inference-volume.dto';
import type { SegmentResponse } from '../generated/medseg/v1/inference_service';
import { InferenceResultRepository, type InferenceResultRow } from '../repositories/inference-result.repository';
import { ModelRepository } from '../repositories/model.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { classIndexPngToPalette } from '../util/png-palette';
import { SettingsService } from './settings.service';
import { AuditService } from './audit.service';
import type { OwnedFields, OwnerFilter } from '../dtos/owner.dto';
import { scopeOf } from './access/access-rules';
import { ResourceAccess } from './access/resource-access.service';
import { ROOTS, folderId, inferenceKeys } from './storage-layout';
import { type VolumeFile, VolumeResultService } from './volume-result.service';

/** inference/<id>/result.json: written last, it is what a resync rebuilds the row from. */
interface StoredResult {
  id: string;
  modelId: string;
  width: number;
  height: number;
  sliceCount: number;
  classCount: number;
  labelValues: number[];
  /** The model's label names; absent in results stored before they were. */
  labels?: SegmentResponse['labels'];
  timings: SegmentResponse['timings'] | null;
  /** The user who asked for it; absent or null: stored before accounts existed. */
  owner_id?: string | null;
  /** 'volume': a VolumeResultService result (absent: an image result). */
  kind?: 'image' | 'volume';
  /** Since results carry them (older ones lack them: the resync falls back). */
  fileName?: string;
  /** '' when the input was not kept (storing inference inputs off): nor is image.png then. */
  inputKey?: string;
  createdAt?: string;
}

export type MaskFormat = 'png' | 'color' | 'nifti' | 'dicom-seg';

export interface ResultFile {
  body: Readable;
  contentType?: string;
  contentLength?: number;
  fileName: string;
}

/** The stored results of segment requests: written after the answer, listed, reopened, deleted, resynced. */
@Injectable()
export class InferenceResultService {
  private readonly logger = new Logger(InferenceResultService.name);

  constructor(
    private readonly models: ModelRepository,
    private readonly storage: StorageRepository,
    private readonly results: InferenceResultRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly access: ResourceAccess,
    private readonly volumes: VolumeResultService,
  ) {}

  /** The caller's stored results of a model it may see (every one for an admin), newest first. */
  async list(caller: Caller, modelId: string, owner?: OwnerFilter): Promise<InferenceResultDto[]> {
    await this.access.model(caller, modelId);
    const rows = await this.results.listByModel(modelId, 100, scopeOf(caller, owner));
    const owned = await this.access.ownedAll(caller, rows);
    return rows.map((r, i) => mapResult(r, owned[i]));
  }

  /** A stored result as the viewer shows it: display image, mask and probability maps from S3; a volume's DTO for a volume. */
  async open(caller: Caller, id: string): Promise<SegmentResultDto | VolumeResultDto> {
    const row = await this.access.inferenceResult(caller, id);
    if (row.kind === 'volume') return this.volumes.open(row);
    const keys = inferenceKeys(id);
    const text = await this.storage.getText(keys.result);
    if (!text) throw new NotFoundException(`Result ${id} is missing from storage`);
    const stored = JSON.parse(text) as StoredResult;
    if (stored.inputKey === '') {
      throw new ConflictException(`Result ${id} was stored without its input image (storing inference inputs is off); download its mask instead`);
    }
    const read = async (key: string) => {
      const bytes = await this.storage.getBytes(key);
      if (!bytes) throw new NotFoundException(`${key} is missing from storage`);
      return bytes;
    };
    const [imagePng, maskPng, ...probabilityPngs] = await Promise.all([
      read(keys.image),
      read(keys.mask),
      ...Array.from({ length: stored.classCount }, (_, i) => read(keys.probability(i))),
    ]);
    const response: SegmentResponse = {
      width: stored.width,
      height: stored.height,
      sliceCount: stored.sliceCount,
      imagePng,
      maskPng,
      probabilityPngs,
      labelValues: stored.labelValues,
      labels: stored.labels ?? [],
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

  async input(caller: Caller, id: string): Promise<ResultFile> {
    const row = await this.access.inferenceResult(caller, id);
    if (!row.input_image_s3_key) throw new NotFoundException(`Result ${id} was stored without its input (storing inference inputs is off)`);
    const object = await this.storage.getObjectStream(row.input_image_s3_key);
    if (!object) throw new NotFoundException(`The input of result ${id} is missing from storage`);
    return { ...object, fileName: row.file_name || row.input_image_s3_key.split('/').pop()! };
  }

  /** A volume result's NIfTI file for the viewer (image, mask, ground truth). */
  async volumeFile(caller: Caller, id: string, which: VolumeFile): Promise<ResultFile> {
    return this.volumes.file(await this.access.inferenceResult(caller, id), which);
  }

  /**
   * The mask as class indices (png), as a viewable palette PNG (color), or as NIfTI on the input grid;
   * a volume result's as NIfTI (its default) or DICOM-SEG.
   */
  async mask(caller: Caller, id: string, format: MaskFormat | undefined): Promise<ResultFile> {
    const row = await this.access.inferenceResult(caller, id);
    if (row.kind === 'volume') {
      if (format === 'png' || format === 'color') throw new NotFoundException(`Result ${id} is a volume: it has no PNG mask; download ?format=nifti or ?format=dicom-seg`);
      return this.volumes.mask(row, format ?? 'nifti');
    }
    if (format === 'dicom-seg') return this.volumes.mask(row, format);
    format ??= 'png';
    const keys = inferenceKeys(id);
    if (format === 'nifti') {
      const object = await this.storage.getObjectStream(keys.maskNifti);
      if (!object) throw new NotFoundException(`Result ${id} has no NIfTI mask: only NIfTI input gets one`);
      return { ...object, contentType: 'application/gzip', fileName: `mask-${id}.nii.gz` };
    }
    if (format === 'color') {
      const bytes = await this.storage.getBytes(row.output_image_s3_key);
      if (!bytes) throw new NotFoundException(`The mask of result ${id} is missing from storage`);
      const coloured = classIndexPngToPalette(bytes);
      if (!coloured) throw new NotFoundException(`Result ${id} has more than 256 classes: no colour PNG; download the index PNG`);
      return { body: Readable.from([coloured]), contentType: 'image/png', contentLength: coloured.length, fileName: `mask-${id}-color.png` };
    }
    const object = await this.storage.getObjectStream(row.output_image_s3_key);
    if (!object) throw new NotFoundException(`The mask of result ${id} is missing from storage`);
    return { ...object, contentType: 'image/png', fileName: `mask-${id}.png` };
  }

  /** Removes a result's objects (result.json first, so a half-deleted prefix is never restored) and row. */
  async delete(caller: Caller, id: string): Promise<void> {
    const row = await this.access.changeableInferenceResult(caller, id, 'delete this result');
    await this.remove(id);
    this.logger.log(`Inference result ${id} deleted`);
    await this.audit.record(caller, 'deleted', 'inference_result', id, row.file_name, `of model ${row.model_id}`);
  }

  /** Every stored result of a model, inputs included (the model is being deleted). */
  async deleteByModel(modelId: string): Promise<number> {
    const ids = await this.results.listIdsByModel(modelId);
    for (const { id } of ids) await this.remove(id);
    return ids.length;
  }

  private async remove(id: string): Promise<void> {
    const keys = inferenceKeys(id);
    await this.storage.deleteKeys([keys.result]);
    await this.storage.deletePrefix(keys.prefix);
    await this.results.delete(id);
  }

  /**
   * Stores a segment answer so the history can show it again; result.json last. With storing
   * inference inputs off, neither the input nor its display image is kept: masks and maps only.
   */
  async persist(id: string, modelId: string, ownerId: string, response: SegmentResponse, input: { data: Buffer; fileName: string } | null, fileName: string): Promise<void> {
    const keys = inferenceKeys(id);
    const keepInput = this.settings.storeInferenceInputs;
    const inputKey = keepInput ? keys.input(input ? input.fileName : null) : '';
    if (keepInput) await this.storage.putObject(inputKey, input ? input.data : response.imagePng, input ? 'application/octet-stream' : 'image/png');
    await this.storage.putObject(keys.mask, response.maskPng, 'image/png');
    if (response.maskNifti.length > 0) await this.storage.putObject(keys.maskNifti, response.maskNifti, 'application/gzip');
    // What the viewer needs to show the result again, threshold slider included.
    if (keepInput) await this.storage.putObject(keys.image, response.imagePng, 'image/png');
    for (const [i, png] of response.probabilityPngs.entries()) await this.storage.putObject(keys.probability(i), png, 'image/png');
    const stored: StoredResult = {
      id,
      modelId,
      width: response.width,
      height: response.height,
      sliceCount: response.sliceCount,
      classCount: response.probabilityPngs.length,
      labelValues: response.labelValues,
      labels: response.labels,
      timings: response.timings ?? null,
      fileName,
      inputKey,
      createdAt: new Date().toISOString(),
      owner_id: ownerId,
    };
    await this.storage.putObject(keys.result, JSON.stringify(stored), 'application/json');
    try {
      await this.results.insert({ id, model_id: modelId, input_image_s3_key: inputKey, output_image_s3_key: keys.mask, file_name: fileName, created_at: stored.createdAt, owner_id: ownerId });
    } catch (error) {
      // The model was deleted while this was being written: nothing of it may stay behind.
      await this.remove(id);
      throw error;
    }
  }

  /** Rebuilds the rows from inference/<id>/result.json (after the models: a result of a gone model is skipped). */
  async resync(): Promise<{ results: number; removed: number; skipped: string[] }> {
    const skipped: string[] = [];
    const found = new Set<string>();
    const models = new Set((await this.models.listIds()).map((m) => m.id));
    for (const folder of await this.storage.listFolders(ROOTS.inference)) {
      const id = folderId(ROOTS.inference, folder);
      const keys = inferenceKeys(id);
      const text = await this.storage.getText(keys.result);
      if (text === null) continue; // objects without result.json: a write that never finished
      const stored = parseStoredResult(text);
      if (!stored || stored.id !== id) {
        skipped.push(`${keys.result} (not a MedSeg inference result)`);
        continue;
      }
      if (!models.has(stored.modelId)) {
        skipped.push(`${keys.result} (its model ${stored.modelId} is gone)`);
        continue;
      }
      const inputKey = stored.inputKey ?? (await this.storage.listKeys(`${keys.prefix}input`))[0] ?? keys.input(null);
      found.add(id);
      const kind = stored.kind === 'volume' ? 'volume' : 'image';
      await this.results.replace({
        kind,
        id,
        model_id: stored.modelId,
        input_image_s3_key: inputKey,
        output_image_s3_key: kind === 'volume' ? keys.maskNifti : keys.mask,
        file_name: stored.fileName ?? inputKey.split('/').pop()!,
        created_at: stored.createdAt ?? (await this.storage.lastModified(keys.result)) ?? new Date().toISOString(),
        owner_id: stored.owner_id ?? null,
      });
    }
    let removed = 0;
    for (const { id } of await this.results.listIds()) {
      if (!found.has(id)) {
        await this.results.delete(id);
        removed++;
      }
    }
    return { results: found.size, removed, skipped };
  }

}

function parseStoredResult(text: string): StoredResult | null {
  try {
    const value = JSON.parse(text) as Partial<StoredResult>;
    if (typeof value.id !== 'string' || typeof value.modelId !== 'string' || typeof value.classCount !== 'number') return null;
    return value as StoredResult;
  } catch {
    return null;
  }
}

function mapResult(r: InferenceResultRow, owned: OwnedFields): InferenceResultDto {
  const base = `/api/inference-results/${r.id}`;
  if (r.kind === 'volume') {
    return {
      id: r.id,
      kind: 'volume',
      modelId: r.model_id,
      createdAt: r.created_at,
      fileName: r.file_name,
      maskUrl: `${base}/mask?format=nifti`,
      maskColorUrl: null,
      inputUrl: r.input_image_s3_key ? `${base}/input` : null,
      maskNiftiUrl: `${base}/mask?format=nifti`,
      ...owned,
    };
  }
  return {
    id: r.id,
    kind: 'image',
    modelId: r.model_id,
    createdAt: r.created_at,
    fileName: r.file_name,
    maskUrl: `${base}/mask`,
    maskColorUrl: `${base}/mask?format=color`,
    inputUrl: r.input_image_s3_key ? `${base}/input` : null,
    // Without a stored input, the file name (maybe with its " (slice N)") tells NIfTI input apart.
    maskNiftiUrl: /\.nii(\.gz)?$/.test(r.input_image_s3_key || r.file_name.replace(/ \(slice \d+\)$/, '')) ? `${base}/mask?format=nifti` : null,
    ...owned,
  };
}
