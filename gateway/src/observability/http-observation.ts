import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayMetrics } from './gateway-metrics';
import { currentRequestId, withRequestId } from './request-context';

/**
 * One access-log line and one metrics sample per answered request. The route label is Express's
 * matched pattern (/api/models/:id), never the raw path, so ids do not make a series each; what no
 * route matched (the web app's files, unknown paths) is counted under "unmatched".
 */
export function httpObservation(metrics: GatewayMetrics) {
  const logger = new Logger('Http');
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    // 'finish' fires from the socket's callback, outside the request's async context.
    const requestId = currentRequestId();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      metrics.requestDone(req.method, route, res.statusCode, seconds);
      if (route === '/metrics' || route.endsWith('/health')) return;
      const line = `${req.method} ${route} ${res.statusCode} ${Math.round(seconds * 1000)}ms`;
      if (requestId) withRequestId(requestId, () => logger.log(line));
      else logger.log(line);
    });
    next();
  };
}
