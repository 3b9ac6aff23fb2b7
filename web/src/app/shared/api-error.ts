import { HttpErrorResponse } from '@angular/common/http';

/** A failed call to the gateway, with a message fit to show a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Each message of a validation error (Nest sends one per broken rule), else empty. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Turns what the gateway sent with an error status into one readable sentence. Nest answers
 * `{statusCode, message, error}` where `message` is a string, or a string[] from validation.
 */
export function messageFromBody(body: unknown, status: number, statusText = ''): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = null;
    }
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const raw = parsed as Record<string, unknown>;
    const message = raw['message'];
    if (typeof message === 'string' && message.trim()) return message;
    if (Array.isArray(message)) {
      const parts = message.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
      if (parts.length) return parts.join('; ');
    }
    if (typeof raw['error'] === 'string' && raw['error']) return `${raw['error']} (HTTP ${status})`;
  }
  if (status === 0) return 'No response from the gateway (network error)';
  if (status === 413) return 'The archive is larger than the gateway accepts (HTTP 413)';
  if (status === 502 || status === 503 || status === 504) {
    return `The gateway is not available (HTTP ${status})`;
  }
  return `Request failed with HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

/** Readable message for anything an HTTP call can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof HttpErrorResponse) {
    return messageFromBody(error.error, error.status, error.statusText);
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** HTTP status of an error, or 0 when there was no response. */
export function errorStatus(error: unknown): number {
  if (error instanceof ApiError || error instanceof HttpErrorResponse) return error.status;
  return 0;
}

/** The separate messages of a Nest validation error body; empty when it has a single message. */
export function messagesFromBody(body: unknown): string[] {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const message = (parsed as Record<string, unknown>)['message'];
  if (!Array.isArray(message)) return [];
  return message.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
}

/** Any error of an HTTP call as an {@link ApiError}, validation messages kept apart. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const details = error instanceof HttpErrorResponse ? messagesFromBody(error.error) : [];
  return new ApiError(errorStatus(error), errorMessage(error), details);
}
