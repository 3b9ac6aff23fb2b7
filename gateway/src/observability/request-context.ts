import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * One id per HTTP request, made here (or taken from a caller's own `X-Request-Id` when it is a plain
 * token), kept in async-local storage for the whole request: every log line the gateway writes for
 * it, the gRPC metadata sent to the ml-service (which logs it too), the `X-Request-Id` answer header
 * and error bodies carry it, so a user's error report can be found in both services' logs.
 */
export const REQUEST_ID_HEADER = 'x-request-id';
// Anything else a client sends (spaces, newlines, a novel) is replaced, never logged as given.
const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request being served, or undefined outside one (start-up, timers, background jobs). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `fn` as part of request `requestId` (a job started by a request keeps its id in its logs). */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function requestIdOf(req: Request): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && VALID_ID.test(sent) ? sent : randomUUID();
}

/** Express middleware: first in the chain, so everything after runs inside the request's context. */
export function requestContext() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    storage.run({ requestId }, next);
  };
}
