import type { Request, Response } from 'express';

const HEARTBEAT_MS = 15_000;

/** An open Server-Sent Events response: events, a heartbeat, and one end however it comes. */
export interface SseStream {
  readonly ended: boolean;
  send(id: number, event: string, data: unknown): void;
  /** Ends the response (idempotent) and runs the `onEnd` callbacks. */
  end(): void;
  onEnd(callback: () => void): void;
}

/** Writes the SSE headers and keeps the stream alive until `end()` or the client goes away. */
export function openSse(req: Request, res: Response): SseStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies (nginx) must not buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const callbacks: (() => void)[] = [];
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  let ended = false;
  const stream: SseStream = {
    get ended() {
      return ended;
    },
    send(id, event, data) {
      if (!ended) res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      for (const callback of callbacks) callback();
      res.end();
    },
    onEnd(callback) {
      callbacks.push(callback);
    },
  };
  req.once('close', () => stream.end());
  return stream;
}
