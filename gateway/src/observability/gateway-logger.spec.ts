import { describe, expect, it, vi } from 'vitest';
import { GatewayLogger } from './gateway-logger';
import { withRequestId } from './request-context';

function written(fn: (logger: GatewayLogger) => void, format: 'json' | 'text'): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    fn(new GatewayLogger(format, ['log', 'warn', 'error']));
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('GatewayLogger', () => {
  it('writes one JSON object per line, with the request id while a request is served', () => {
    const [inside, outside] = written((logger) => {
      withRequestId('req-42', () => logger.log('served', 'Http'));
      logger.log('started', 'Gateway');
    }, 'json');
    expect(JSON.parse(inside)).toMatchObject({ level: 'log', context: 'Http', message: 'served', requestId: 'req-42' });
    expect(JSON.parse(outside)).not.toHaveProperty('requestId');
  });

  it('puts the request id after the context in text', () => {
    const [line] = written((logger) => withRequestId('req-7', () => logger.warn('slow', 'Http')), 'text');
    expect(line).toContain('[Http req-7]');
    expect(line).toContain('slow');
  });
});
