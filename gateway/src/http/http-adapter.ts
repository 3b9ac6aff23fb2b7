import { createServer } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';

/** Keep-alive idle time: longer than clients' and proxies' (undici 4 s, ALB 60 s). */
const KEEP_ALIVE_MS = 65_000;

/**
 * Express for Nest on an HTTP server built with deliberate timeouts (Nest's own adapter takes
 * Node's defaults, and Node reads some of them only when the server is created):
 * - `requestTimeout` is the whole request's time to arrive. Node's default, 300 s, would cut off a
 *   multi-GB dataset upload on an ordinary line; MEDSEG_REQUEST_TIMEOUT_S sets it (6 h, 0 = none).
 * - `keepAliveTimeout` outlives clients' idle timeouts, so the gateway never closes a kept-alive
 *   socket just as a client reuses it ("other side closed"); `headersTimeout` a second more, and it
 *   still bounds a client that sends its headers slowly (slowloris).
 * - `connectionsCheckingInterval`, how often both are enforced (30 s by default), shrinks with a
 *   short request timeout so that one is kept to the second.
 */
export class TimedExpressAdapter extends ExpressAdapter {
  constructor(private readonly requestTimeoutMs: number) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.return503OnClosing || options.forceCloseConnections) return super.initHttpServer(options);
    const request = this.requestTimeoutMs;
    this.setHttpServer(
      createServer(
        {
          requestTimeout: request,
          headersTimeout: request > 0 ? Math.min(KEEP_ALIVE_MS + 1000, request) : KEEP_ALIVE_MS + 1000,
          keepAliveTimeout: KEEP_ALIVE_MS,
          connectionsCheckingInterval: request > 0 ? Math.min(30_000, Math.max(250, request / 4)) : 30_000,
        },
        this.getInstance(),
      ),
    );
  }
}
