import { HttpErrorResponse } from '@angular/common/http';
import { ApiError, errorMessage, messageFromBody, toApiError } from './api-error';

describe('messageFromBody', () => {
  it('uses the message of a Nest error body', () => {
    const body = { statusCode: 409, message: 'Dataset is used by training 3', error: 'Conflict' };
    expect(messageFromBody(body, 409)).toBe('Dataset is used by training 3');
  });

  it('joins validation messages', () => {
    const body = { statusCode: 400, message: ['url must be a string', 'name too long'] };
    expect(messageFromBody(body, 400)).toBe('url must be a string; name too long');
  });

  it('parses a JSON body sent as text', () => {
    expect(messageFromBody('{"statusCode":400,"message":"not a zip"}', 400)).toBe('not a zip');
  });

  it('falls back to the status when the body is not a Nest error', () => {
    expect(messageFromBody('<html>oops</html>', 500, 'Internal Server Error')).toBe(
      'Request failed with HTTP 500 Internal Server Error',
    );
    expect(messageFromBody(null, 502)).toBe('The gateway is not available (HTTP 502)');
    expect(messageFromBody({ statusCode: 418, error: 'I am a teapot' }, 418)).toBe(
      'I am a teapot (HTTP 418)',
    );
  });
});

describe('errorMessage', () => {
  it('reads an HttpErrorResponse and an ApiError', () => {
    const http = new HttpErrorResponse({
      status: 404,
      error: { statusCode: 404, message: 'Dataset x not found', error: 'Not Found' },
    });
    expect(errorMessage(http)).toBe('Dataset x not found');
    expect(errorMessage(new HttpErrorResponse({ status: 0 }))).toContain('network error');
    expect(errorMessage(new ApiError(400, 'bad'))).toBe('bad');
  });
});

describe('toApiError', () => {
  it('keeps each validation message apart', () => {
    const http = new HttpErrorResponse({
      status: 400,
      error: {
        statusCode: 400,
        message: ['epochs must not be greater than 500', 'seed must be an integer'],
        error: 'Bad Request',
      },
    });
    const error = toApiError(http);
    expect(error.status).toBe(400);
    expect(error.message).toBe('epochs must not be greater than 500; seed must be an integer');
    expect(error.details).toEqual([
      'epochs must not be greater than 500',
      'seed must be an integer',
    ]);
    expect(
      toApiError(new HttpErrorResponse({ status: 409, error: { message: 'x' } })).details,
    ).toEqual([]);
  });
});
