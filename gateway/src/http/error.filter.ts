import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { formatMiB } from '../util/archive-guard';
import { publicMessage } from '../util/public-message';
import { MAX_JSON_BODY_BYTES } from './json-body';
import { currentRequestId } from '../observability/request-context';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
  [key: string]: unknown;
}

/**
 * Every error answer passes here. An HttpException keeps its status and message, with what must
 * not leave the machine taken out (paths, signatures, stack traces: `publicMessage`); anything
 * else is a bug or an outage nobody mapped, answered `500 Internal server error` and logged in
 * full here, never sent. Messages a parser wrote (JSON, URL decoding) are replaced by ours.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = exception instanceof HttpException ? this.httpBody(exception, req) : this.unknownBody(exception, req);
    if (res.headersSent) {
      // A stream (SSE, a download) that failed midway: the status is gone, only closing is left.
      this.logger.warn(`${req.method} ${req.originalUrl} failed after its answer began: ${body.message}`);
      res.end();
      return;
    }
    // The id a user can quote in a report, to find this request in both services' logs.
    const requestId = currentRequestId();
    res.status(body.statusCode).json(requestId ? { ...body, requestId } : body);
  }

  private httpBody(exception: HttpException, req: Request): ErrorBody {
    const status = exception.getStatus();
    const raw = exception.getResponse();
    const body: ErrorBody = typeof raw === 'string' ? { statusCode: status, message: raw } : { ...(raw as ErrorBody), statusCode: status };
    const parserMessage = parserError(exception.cause);
    if (parserMessage) body.message = parserMessage;
    const shown = Array.isArray(body.message) ? body.message.map(publicMessage) : publicMessage(String(body.message ?? ''));
    if (status >= 500 && JSON.stringify(shown) !== JSON.stringify(body.message)) {
      this.logger.error(`${req.method} ${req.originalUrl}: ${String(body.message)}`);
    }
    return { ...body, message: shown };
  }

  private unknownBody(exception: unknown, req: Request): ErrorBody {
    const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(`${req.method} ${req.originalUrl} failed: ${detail}`);
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error', error: 'Internal Server Error' };
  }
}

/** Express and body-parser failures Nest maps to 400 (413 for a body over the limit) with the parser's own words. */
function parserError(cause: unknown): string | null {
  if (cause instanceof SyntaxError) return 'The request body is not valid JSON';
  if (cause instanceof URIError) return 'The URL has a malformed percent-encoding (%XX)';
  if ((cause as { type?: unknown } | undefined)?.type === 'entity.too.large') {
    return `The JSON body is larger than ${formatMiB(MAX_JSON_BODY_BYTES)}, more than any request of this API needs: send less (for prompts, undo or clear some strokes)`;
  }
  return null;
}
