import { type ArgumentsHost, BadRequestException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorFilter } from './error.filter';

function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent = { status: 0, body: {} as Record<string, unknown> };
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ method: 'GET', originalUrl: '/api/x' }), getResponse: () => res }) };
  new ErrorFilter().catch(exception, host as unknown as ArgumentsHost);
  return sent;
}

describe('ErrorFilter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers an unknown error 500 Internal server error and logs its stack, never sends it', () => {
    const logged = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { status, body } = answer(new TypeError("Cannot read properties of undefined (reading 'id') at /srv/gateway/dist/x.js:3:9"));
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' });
    expect(String(logged.mock.calls[0][0])).toContain('/srv/gateway/dist/x.js');
  });

  it('keeps a 4xx message but shortens the ml-service paths in it', () => {
    const { status, body } = answer(new BadRequestException("cannot identify image file '/data/ml-cache/inspect/inspect-9x/archive/images/a.png'"));
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, message: "cannot identify image file '…/a.png'", error: 'Bad Request' });
  });

  it('cleans every message of a validation list', () => {
    const { body } = answer(new BadRequestException(['name must be a string', 'file /tmp/upload-1/x.zip is empty']));
    expect(body.message).toEqual(['name must be a string', 'file …/x.zip is empty']);
  });

  it('drops the signature of a presigned URL from a 503', () => {
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { status, body } = answer(new ServiceUnavailableException('ml-service unavailable at ml:50051 (GET http://s3:8333/b/k?X-Amz-Signature=abc failed)'));
    expect(status).toBe(503);
    expect(body.message).toBe('ml-service unavailable at ml:50051 (GET http://s3:8333/b/k?… failed)');
  });

  it("replaces the JSON parser's own message", () => {
    const parse = Object.assign(new SyntaxError('Expected property name or \'}\' in JSON at position 1 (line 1 column 2)'), { status: 400 });
    const { body } = answer(new BadRequestException(parse.message, { cause: parse }));
    expect(body.message).toBe('The request body is not valid JSON');
  });
});
