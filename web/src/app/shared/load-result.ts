import { type Observable, catchError, map, of } from 'rxjs';
import { errorMessage, errorStatus } from './api-error';

/** A load that failed, kept so the page can say why (and tell a 404 from an outage). */
export interface LoadError {
  status: number;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: LoadError };

/** Turns an HTTP call into one that never errors, so it can sit inside a long-lived pipe. */
export function toResult<T>(source: Observable<T>): Observable<Result<T>> {
  return source.pipe(
    map((value): Result<T> => ({ ok: true, value })),
    catchError((error: unknown) =>
      of<Result<T>>({
        ok: false,
        error: { status: errorStatus(error), message: errorMessage(error) },
      }),
    ),
  );
}
