import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MODELS_URL } from '../../shared/api-urls';
import { type Page } from '../../shared/paged-list';
import { type VolumeResultDto } from '../inference/inference.model';
import { type ModelDto } from '../training/model.model';
import {
  type AnnotationQueueDto,
  type QueueMethod,
  type AnnotationSave,
  type DatasetVersionDto,
  type FineTuneRequestDto,
  type SaveAnnotationResultDto,
  annotationForm,
} from './annotation.model';
import { DATASETS_URL } from './dataset.service';

const enc = encodeURIComponent;

/** Most completed models the annotation page offers to pre-segment with. */
const MODEL_CHOICES = 100;

/** A case's stored image (the grid every saved mask must lie on). */
export function caseImageUrl(datasetId: string, caseIndex: number): string {
  return `${DATASETS_URL}/${enc(datasetId)}/cases/${caseIndex}/image.nii.gz`;
}

/** A case's mask in the latest version (404 for an unlabeled case). */
export function caseMaskUrl(datasetId: string, caseIndex: number): string {
  return `${DATASETS_URL}/${enc(datasetId)}/cases/${caseIndex}/mask.nii.gz`;
}

/** A version's ZIP in the layout it was uploaded in. */
export function versionArchiveUrl(datasetId: string, version: number): string {
  return `${DATASETS_URL}/${enc(datasetId)}/versions/${version}/archive.zip`;
}

/**
 * The human-in-the-loop calls: the queue, pre-segmenting a case, saving an annotation, the
 * dataset's versions and fine-tuning.
 */
@Injectable({ providedIn: 'root' })
export class AnnotationService {
  private readonly http = inject(HttpClient);

  queue(
    datasetId: string,
    modelId: string | null,
    method: QueueMethod = 'entropy',
  ): Promise<AnnotationQueueDto> {
    const params = modelId ? new HttpParams({ fromObject: { modelId, method } }) : undefined;
    return firstValueFrom(
      this.http.get<AnnotationQueueDto>(`${DATASETS_URL}/${enc(datasetId)}/annotation-queue`, {
        params,
      }),
    );
  }

  /** Completed models trained on this dataset (they know its labels). */
  async models(datasetId: string): Promise<ModelDto[]> {
    const params = new HttpParams({
      fromObject: {
        pageSize: MODEL_CHOICES,
        status: 'completed',
        sort: 'createdAt',
        order: 'desc',
      },
    });
    const page = await firstValueFrom(this.http.get<Page<ModelDto>>(MODELS_URL, { params }));
    return page.items.filter((m) => m.status === 'completed' && m.datasetId === datasetId);
  }

  segmentCase(modelId: string, datasetId: string, caseIndex: number): Promise<VolumeResultDto> {
    return firstValueFrom(
      this.http.post<VolumeResultDto>(`${MODELS_URL}/${enc(modelId)}/segment-case`, {
        datasetId,
        caseIndex,
      }),
    );
  }

  save(
    datasetId: string,
    caseIndex: number,
    save: AnnotationSave,
  ): Promise<SaveAnnotationResultDto> {
    return firstValueFrom(
      this.http.post<SaveAnnotationResultDto>(
        `${DATASETS_URL}/${enc(datasetId)}/cases/${caseIndex}/annotations`,
        annotationForm(save),
      ),
    );
  }

  versions(datasetId: string): Promise<DatasetVersionDto[]> {
    return firstValueFrom(
      this.http.get<DatasetVersionDto[]>(`${DATASETS_URL}/${enc(datasetId)}/versions`),
    );
  }

  fineTune(modelId: string, body: FineTuneRequestDto): Promise<ModelDto> {
    return firstValueFrom(
      this.http.post<ModelDto>(`${MODELS_URL}/${enc(modelId)}/fine-tune`, body),
    );
  }
}
