import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { toApiError } from '../../shared/api-error';
import { MODELS_URL } from '../../shared/api-urls';
import { type ModelGainDto } from './model-gain.model';

/** The gain of a fine-tuned model over its parent: read it, or queue its evaluations. */
@Injectable({ providedIn: 'root' })
export class ModelGainStore {
  private readonly http = inject(HttpClient);

  async load(modelId: string): Promise<ModelGainDto> {
    try {
      return await firstValueFrom(this.http.get<ModelGainDto>(this.url(modelId)));
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Queues the evaluations the gain lacks (none, or failed ones). */
  async start(modelId: string): Promise<ModelGainDto> {
    try {
      return await firstValueFrom(this.http.post<ModelGainDto>(this.url(modelId), {}));
    } catch (error) {
      throw toApiError(error);
    }
  }

  private url(modelId: string): string {
    return `${MODELS_URL}/${encodeURIComponent(modelId)}/gain`;
  }
}
