import { S3ServiceException } from '@aws-sdk/client-s3';
import { ServiceUnavailableException } from '@nestjs/common';

/** How the SDK's failures read: storage down (503 saying so and to retry), or a missing bucket or key. */
export function storageUnavailable(error: unknown, bucket: string, location: string): ServiceUnavailableException {
  if (isNotFound(error)) return new ServiceUnavailableException(`S3 bucket ${bucket} does not exist at ${location}`);
  const reason = error instanceof S3ServiceException ? `${error.name}: ${error.message}` : describe(error);
  return new ServiceUnavailableException(`S3 unavailable at ${location} (${reason}): storage is down; try again once it is back`);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as NodeJS.ErrnoException).code === 'ABORT_ERR');
}

export function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchBucket' || error.$metadata.httpStatusCode === 404)
  );
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}` : error.message || error.name;
  }
  return String(error);
}

/** No such object (or bucket): a lookup's null, not an outage. */
export function isMissingKey(error: unknown): boolean {
  return isNotFound(error) || (error instanceof S3ServiceException && error.name === 'NoSuchKey');
}
