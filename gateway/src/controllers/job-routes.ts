import { Delete, Get, HttpCode, Post, type Type, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { MinRole } from '../auth/auth.decorators';
import type { Request } from 'express';
import { JOB_SSE_DESCRIPTION } from '../dtos/job-event.dto';
import { lastEventIdOf } from '../util/sse';

/**
 * The routes every job kind (training, evaluation, batch) shares, composed from Nest decorators so
 * each controller states only its paths and types. Express objects stay in the controllers.
 */

/** `GET <path>`: the job's Server-Sent Events stream; the handler takes `@Res()` and calls `writeSse`. */
export function JobEventsRoute(path: string): MethodDecorator {
  return applyDecorators(Get(path), ApiProduces('text/event-stream'), ApiOkResponse({ description: JOB_SSE_DESCRIPTION }));
}

/** `POST <path>` (200): cancels a queued or running job and answers its DTO (researchers and admins). */
export function JobCancelRoute(path: string, type: Type, conflict: string): MethodDecorator {
  return applyDecorators(Post(path), MinRole('researcher'), HttpCode(200), ApiOkResponse({ type }), ApiConflictResponse({ description: conflict }));
}

/** `DELETE <path>` (204): deletes a finished job and what it stored (researchers and admins). */
export function JobDeleteRoute(path: string, conflict: string): MethodDecorator {
  return applyDecorators(Delete(path), MinRole('researcher'), HttpCode(204), ApiNoContentResponse(), ApiConflictResponse({ description: conflict }));
}

/** The sequence a reconnecting SSE client last saw (Last-Event-ID header or `?after=`), else 0. */
export const LastEventId = createParamDecorator((_: unknown, context: ExecutionContext): number => {
  const req = context.switchToHttp().getRequest<Request>();
  const after = req.query.after;
  return lastEventIdOf(req.header('last-event-id'), typeof after === 'string' ? after : undefined);
});
