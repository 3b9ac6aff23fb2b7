import { type Observable } from 'rxjs';

/** A running request and the way to stop it. */
export interface CancellableRequest<R> {
  /** The value `finish` picked, null once cancelled; rejects with the request's error. */
  result: Promise<R | null>;
  /** Unsubscribes, which aborts the request, and resolves `result` with null. */
  cancel: () => void;
}

/**
 * Runs a request the user can cancel (an upload, a URL import): each event goes to `finish`,
 * whose first value other than undefined ends it; `settle` runs once it ends, fails or is
 * cancelled, so the caller clears its "in progress" state in one place.
 */
export function cancellableRequest<E, R>(
  source: Observable<E>,
  finish: (event: E) => R | undefined,
  settle: () => void,
  mapError: (error: unknown) => unknown = (error) => error,
): CancellableRequest<R> {
  let cancel = (): void => undefined;
  const result = new Promise<R | null>((resolve, reject) => {
    const sub = source.subscribe({
      next: (event) => {
        const value = finish(event);
        if (value === undefined) return;
        settle();
        resolve(value);
      },
      error: (error: unknown) => {
        settle();
        reject(mapError(error));
      },
    });
    cancel = () => {
      sub.unsubscribe();
      settle();
      resolve(null);
    };
  });
  return { result, cancel };
}
