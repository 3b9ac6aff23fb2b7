import type { Response } from 'express';
import { type Observable, Subscription } from 'rxjs';

const HEARTBEAT_MS = 15_000;

/** One Server-Sent Event: `id:` (the job's sequence), `event:` and JSON `data:`. */
export interface SseMessage {
  id: number;
  event: string;
  data: unknown;
}

/**
 * Writes `messages` as a Server-Sent Events response with a heartbeat, until they complete or
 * the client goes away (then the subscription ends, and with it whatever feeds it).
 */
export function writeSse(res: Response, messages: Observable<SseMessage>): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies (nginx) must not buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const subscription = new Subscription();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    subscription.unsubscribe();
    res.end();
  };
  // 'close' fires when the client goes away as well as after end().
  res.once('close', end);
  subscription.add(
    messages.subscribe({
      next: ({ id, event, data }) => {
        if (!ended) res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      complete: end,
      error: end,
    }),
  );
}

/** The sequence a reconnecting client last saw: the Last-Event-ID header, or `?after=`; else 0. */
export function lastEventIdOf(header: string | undefined, after: string | undefined): number {
  const from = Number(header ?? after ?? 0);
  return Number.isInteger(from) && from > 0 ? from : 0;
}
