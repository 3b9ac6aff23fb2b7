import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context';

export type LogFormat = 'text' | 'json';

/**
 * Nest's console logger with the request id on every line written while a request is served:
 * a `requestId` key of the JSON object (MEDSEG_LOG_FORMAT=json, one object per line for log
 * shippers), or after the context in text.
 */
export class GatewayLogger extends ConsoleLogger {
  constructor(format: LogFormat, logLevels: LogLevel[]) {
    super({ json: format === 'json', logLevels, flattenParams: true, colors: format === 'text' && process.stdout.isTTY });
  }

  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]) {
    const entry = super.getJsonLogObject(message, options);
    const requestId = currentRequestId();
    return requestId && !('requestId' in entry) ? { ...entry, requestId } : entry;
  }

  protected override formatContext(context: string): string {
    const requestId = currentRequestId();
    return super.formatContext(requestId ? `${context} ${requestId}` : context);
  }
}
