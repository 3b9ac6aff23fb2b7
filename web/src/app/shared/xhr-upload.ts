import { InjectionToken } from '@angular/core';
import { Observable } from 'rxjs';
import { ApiError, messageFromBody } from './api-error';

/** Creates the request object; tests swap in a fake. */
export const XHR_FACTORY = new InjectionToken<() => XMLHttpRequest>('XHR_FACTORY', {
  factory: () => () => new XMLHttpRequest(),
});

export type XhrUploadEvent<T> =
  { type: 'progress'; loaded: number; total: number } | { type: 'response'; body: T };

/**
 * POSTs a form with XMLHttpRequest, which reports upload progress (Angular's fetch backend does
 * not). Emits progress events, then the parsed JSON response, then completes. Unsubscribing
 * before the answer aborts the request, which closes the connection so the server drops the
 * partial upload. A non-2xx answer errors with an {@link ApiError} carrying the server's message.
 */
export function xhrUpload<T>(
  createXhr: () => XMLHttpRequest,
  url: string,
  body: FormData,
): Observable<XhrUploadEvent<T>> {
  return new Observable<XhrUploadEvent<T>>((subscriber) => {
    const xhr = createXhr();
    let settled = false;

    xhr.upload.onprogress = (event: ProgressEvent) => {
      const total = event.lengthComputable ? event.total : 0;
      subscriber.next({ type: 'progress', loaded: event.loaded, total });
    };
    xhr.onload = () => {
      settled = true;
      if (xhr.status >= 200 && xhr.status < 300) {
        let parsed: T;
        try {
          parsed = (xhr.responseText ? JSON.parse(xhr.responseText) : null) as T;
        } catch {
          subscriber.error(new ApiError(xhr.status, 'The gateway sent an answer that is not JSON'));
          return;
        }
        subscriber.next({ type: 'response', body: parsed });
        subscriber.complete();
      } else {
        const message = messageFromBody(xhr.responseText, xhr.status, xhr.statusText);
        subscriber.error(new ApiError(xhr.status, message));
      }
    };
    xhr.onerror = () => {
      settled = true;
      subscriber.error(new ApiError(0, 'The upload failed: no response from the gateway'));
    };

    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.send(body);

    return () => {
      if (!settled) xhr.abort();
    };
  });
}
