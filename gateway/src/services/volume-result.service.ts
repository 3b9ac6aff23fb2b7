import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type VolumeResultDto, mapVolume } from '../dtos/inference-volume.dto';
import type { SegmentVolumeResult } from '../generated/medseg/v1/inference_service';
import { InferenceResultRepository, type InferenceResultRow } from '../repositories/inference-result.repository';
import { StorageRepository } from '../repositories/storage.repository';
import type { ResultFile } from './inference-result.service';
import { SettingsService } from './settings.service';
import { inferenceKeys } from './storage-layout';

/** inference/<id>/result.json of a volume result; `classCount` and `modelId` as image results have them. */
export interface StoredVolumeResult {
  id: string;
  kind: 'volume';
  modelId: string;
  classCount: number;
  labelValues: number[];
  fileName: string;
  /** The kept upload (image.nii.gz for NIfTI input); '' when storing inference inputs is off. */
  inputKey: string;
  createdAt: string;
  owner_id: string | null;
  volume: VolumeResultDto;
}

export type VolumeFile = 'image' | 'mask' | 'ground-truth';

const NIFTI = 'application/gzip';
const DICOM = 'application/dicom';

/** Stores volume results (NIfTI files and result.json, last) and reads them back for the viewer and downloads. */
@Injectable()
export class VolumeResultService {
  constructor(
    private readonly storage: StorageRepository,
    private readonly results: InferenceResultRepository,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Writes the result's objects, result.json last, then its row. With storing inference inputs off
   * the image (and the upload) are not kept: masks, ground truth and scores only.
   */
  async persist(
    id: string,
    modelId: string,
    ownerId: string,
    result: SegmentVolumeResult,
    input: { data: Buffer; fileName: string; isNifti: boolean } | null,
    fileName: string,
    gatewayMs: number,
  ): Promise<VolumeResultDto> {
    const keys = inferenceKeys(id);
    const keep = this.settings.storeInferenceInputs;
    let inputKey = '';
    if (keep) {
      await this.storage.putObject(keys.volumeImage, result.imageNifti, NIFTI);
      inputKey = keys.volumeImage;
      if (input && !input.isNifti) {
        inputKey = keys.input(input.fileName);
        await this.storage.putObject(inputKey, input.data, 'application/octet-stream');
      }
    }
    await this.storage.putObject(keys.maskNifti, result.maskNifti, NIFTI);
    if (result.groundTruthNifti.length > 0) await this.storage.putObject(keys.groundTruth, result.groundTruthNifti, NIFTI);
    if (result.dicomSeg.length > 0) await this.storage.putObject(keys.dicomSeg, result.dicomSeg, DICOM);
    const volume = mapVolume(id, fileName, result, keep, gatewayMs);
    const stored: StoredVolumeResult = {
      id,
      kind: 'volume',
      modelId,
      classCount: volume.labelValues.length,
      labelValues: volume.labelValues,
      fileName,
      inputKey,
      createdAt: new Date().toISOString(),
      owner_id: ownerId,
      volume,
    };
    await this.storage.putObject(keys.result, JSON.stringify(stored), 'application/json');
    try {
      await this.results.insert({ id, model_id: modelId, input_image_s3_key: inputKey, output_image_s3_key: keys.maskNifti, file_name: fileName, created_at: stored.createdAt, owner_id: ownerId, kind: 'volume' });
    } catch (error) {
      // The model was deleted while this was being written: nothing of it may stay behind.
      await this.storage.deleteKeys([keys.result]);
      await this.storage.deletePrefix(keys.prefix);
      throw error;
    }
    return volume;
  }

  async open(row: InferenceResultRow): Promise<VolumeResultDto> {
    const text = await this.storage.getText(inferenceKeys(row.id).result);
    if (!text) throw new NotFoundException(`Result ${row.id} is missing from storage`);
    const stored = JSON.parse(text) as StoredVolumeResult;
    return { ...stored.volume, timings: { ...stored.volume.timings, gatewayMs: 0 } };
  }

  /** The viewer's NIfTI files of a volume result. */
  async file(row: InferenceResultRow, which: VolumeFile): Promise<ResultFile> {
    if (row.kind !== 'volume') throw new ConflictException(`Result ${row.id} is a 2D image result: it has no volume files; open it with GET /api/inference-results/${row.id}`);
    const keys = inferenceKeys(row.id);
    const key = which === 'image' ? keys.volumeImage : which === 'mask' ? keys.maskNifti : keys.groundTruth;
    const object = await this.storage.getObjectStream(key);
    if (!object) {
      const why =
        which === 'image' ? 'its input was not kept (storing inference inputs is off)' : which === 'ground-truth' ? 'it is not of a dataset case' : 'its mask is missing from storage';
      throw new NotFoundException(`Result ${row.id} has no ${which}.nii.gz: ${why}`);
    }
    return { ...object, contentType: NIFTI, fileName: `${which}-${row.id}.nii.gz` };
  }

  /** The mask to download: NIfTI on the input's own grid, or the DICOM-SEG of a DICOM series input. */
  async mask(row: InferenceResultRow, format: 'nifti' | 'dicom-seg'): Promise<ResultFile> {
    const keys = inferenceKeys(row.id);
    if (format === 'nifti') return this.file(row, 'mask');
    const object = row.kind === 'volume' ? await this.storage.getObjectStream(keys.dicomSeg) : null;
    if (!object) throw new NotFoundException(`Result ${row.id} has no DICOM-SEG: only a volume from a DICOM series gets one; download ?format=nifti`);
    return { ...object, contentType: DICOM, fileName: `seg-${row.id}.dcm` };
  }
}

/** Whether result.json text is a volume result's. */
export function isStoredVolume(value: { kind?: unknown }): value is StoredVolumeResult {
  return value.kind === 'volume';
}
