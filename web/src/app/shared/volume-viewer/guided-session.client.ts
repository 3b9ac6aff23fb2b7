import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ApiError, messageFromBody, toApiError } from '../api-error';
import { type ApiSchema } from '../api-schema';
import { MODELS_URL } from '../api-urls';
import { type MaskBox, parseMaskBox } from './guided-mask';

export type SessionDto = ApiSchema<'SessionDto'>;
export type PromptDto = ApiSchema<'PromptDto'>;

/** One answer to a prompt list: the box of changed voxels and their zlib bytes. */
export interface PromptAnswer {
  box: MaskBox;
  voxels: ArrayBuffer;
  revision: number;
}

const enc = encodeURIComponent;

/** The gateway's guided-session routes; the mask comes back as bytes, not JSON. */
@Injectable({ providedIn: 'root' })
export class GuidedSessionClient {
  private readonly http = inject(HttpClient);

  async open(modelId: string, datasetId: string, caseIndex: number): Promise<SessionDto> {
    try {
      return await firstValueFrom(
        this.http.post<SessionDto>(`${MODELS_URL}/${enc(modelId)}/sessions`, {
          datasetId,
          caseIndex,
        }),
      );
    } catch (error) {
      throw toApiError(error);
    }
  }

  /** Every prompt in force; an ApiError with status 410 when the session is gone (reopen). */
  async prompt(sessionId: string, prompts: readonly PromptDto[]): Promise<PromptAnswer> {
    try {
      const res = await firstValueFrom(
        this.http.post(
          `/api/sessions/${enc(sessionId)}/prompts`,
          { prompts },
          { observe: 'response', responseType: 'arraybuffer' },
        ),
      );
      const box = parseMaskBox(res.headers.get('X-Mask-Box'));
      if (!box) throw new ApiError(500, 'The gateway sent a mask without its box (X-Mask-Box)');
      return {
        box,
        voxels: res.body ?? new ArrayBuffer(0),
        revision: Number(res.headers.get('X-Session-Revision') ?? 0),
      };
    } catch (error) {
      // An error's body arrives as bytes too: read its JSON message.
      if (error instanceof HttpErrorResponse && error.error instanceof ArrayBuffer) {
        const text = new TextDecoder().decode(error.error);
        throw new ApiError(error.status, messageFromBody(text, error.status, error.statusText));
      }
      throw toApiError(error);
    }
  }

  /** Frees the session; one already gone is fine. */
  async close(sessionId: string): Promise<void> {
    try {
      await firstValueFrom(this.http.delete(`/api/sessions/${enc(sessionId)}`));
    } catch (error) {
      if (toApiError(error).status !== 410) throw toApiError(error);
    }
  }
}
