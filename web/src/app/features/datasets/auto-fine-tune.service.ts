import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, firstValueFrom } from 'rxjs';
import { type ApiSchema } from '../../shared/api-schema';
import { toApiError } from '../../shared/api-error';
import { MODELS_URL } from '../../shared/api-urls';
import { type ModelDto } from '../training/model.model';

export type AutoFineTuneDto = ApiSchema<'AutoFineTuneDto'>;
export type SetAutoFineTuneBody = ApiSchema<'SetAutoFineTuneDto'>;

/** The most models the rule's model picker lists (the API's largest page). */
const MODEL_PAGE = 200;

/** A dataset's auto fine-tune rule: read it, set it, and the models it may start from. */
@Injectable({ providedIn: 'root' })
export class AutoFineTuneService {
  private readonly http = inject(HttpClient);

  get(datasetId: string): Promise<AutoFineTuneDto> {
    return this.call(this.http.get<AutoFineTuneDto>(this.url(datasetId)));
  }

  set(datasetId: string, body: SetAutoFineTuneBody): Promise<AutoFineTuneDto> {
    return this.call(this.http.put<AutoFineTuneDto>(this.url(datasetId), body));
  }

  /** Completed models trained on this dataset, newest first. */
  async models(datasetId: string): Promise<ModelDto[]> {
    const params = new HttpParams().set('status', 'completed').set('pageSize', MODEL_PAGE);
    const page = await this.call(this.http.get<{ items: ModelDto[] }>(MODELS_URL, { params }));
    return page.items.filter((m) => m.datasetId === datasetId);
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request);
    } catch (error) {
      throw toApiError(error);
    }
  }

  private url(datasetId: string): string {
    return `/api/datasets/${encodeURIComponent(datasetId)}/auto-fine-tune`;
  }
}
