import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage, messageFromBody } from '../api-error';
import { type VolumeFile } from './volume-viewer.model';

/** The viewer's files of one stored volume inference result (`/api/inference-results/:id/volume/*`). */
export function inferenceResultFiles(
  resultId: string,
  hasGroundTruth: boolean,
): { image: VolumeFile; prediction: VolumeFile; truth: VolumeFile | null } {
  const base = `/api/inference-results/${encodeURIComponent(resultId)}/volume`;
  return {
    image: { url: `${base}/image.nii.gz`, name: 'image.nii.gz' },
    prediction: { url: `${base}/mask.nii.gz`, name: 'mask.nii.gz' },
    truth: hasGroundTruth
      ? { url: `${base}/ground-truth.nii.gz`, name: 'ground-truth.nii.gz' }
      : null,
  };
}

/** Fetches the viewer's files as bytes (in-memory ones as they are) (the session cookie goes along), with the gateway's error. */
@Injectable({ providedIn: 'root' })
export class VolumeFileService {
  private readonly http = inject(HttpClient);

  async fetch(file: VolumeFile): Promise<ArrayBuffer> {
    // A copy: NiiVue may take the buffer over, and the caller keeps its own.
    if ('bytes' in file) return file.bytes.slice(0);
    try {
      return await firstValueFrom(this.http.get(file.url, { responseType: 'arraybuffer' }));
    } catch (error) {
      throw new Error(`Could not load ${file.name}: ${volumeErrorMessage(error)}`, {
        cause: error,
      });
    }
  }
}

/** The gateway's sentence, also when the error body arrived as bytes (an arraybuffer request). */
function volumeErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.error instanceof ArrayBuffer) {
    const body = new TextDecoder().decode(error.error);
    return messageFromBody(body, error.status, error.statusText);
  }
  return errorMessage(error);
}
