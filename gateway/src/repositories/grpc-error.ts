import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  GatewayTimeoutException,
  HttpException,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';

interface GrpcLikeError {
  code: number;
  details?: string;
  message?: string;
}

function isGrpcError(error: unknown): error is GrpcLikeError {
  return typeof error === 'object' && error !== null && typeof (error as GrpcLikeError).code === 'number';
}

const logger = new Logger('MlServiceError');

/** The one place gRPC status codes become HTTP errors. */
export function mapGrpcError(error: unknown, mlServiceUrl: string): HttpException {
  if (error instanceof HttpException) return error;
  if (!isGrpcError(error)) {
    logger.error(`Unexpected ml-service error: ${String(error)}`);
    return new InternalServerErrorException('Unexpected error talking to the ml-service');
  }
  const details = error.details || error.message || 'no details';
  switch (error.code) {
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.OUT_OF_RANGE:
      return new BadRequestException(details);
    case GrpcStatus.NOT_FOUND:
      return new NotFoundException(details);
    case GrpcStatus.PERMISSION_DENIED:
      return new ForbiddenException(details);
    case GrpcStatus.FAILED_PRECONDITION:
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.ABORTED:
      return new ConflictException(details);
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return new HttpException(details, 429);
    case GrpcStatus.UNAVAILABLE:
      return new ServiceUnavailableException(`ml-service unavailable at ${mlServiceUrl} (${details})`);
    case GrpcStatus.DEADLINE_EXCEEDED:
      return new GatewayTimeoutException(`ml-service at ${mlServiceUrl} did not answer in time`);
    default:
      // The detail is the ml-service's own words (a library's message, a path): logged, not sent.
      logger.error(`ml-service call failed with gRPC code ${error.code}: ${details}`);
      return new InternalServerErrorException(`The ml-service failed (gRPC ${GrpcStatus[error.code] ?? error.code}); its log and the gateway's have the detail`);
  }
}
