import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { JobState } from '../db/schema';
import { TERMINAL_STATES } from './training-events';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events of one evaluation or batch job: every event is `job` with the whole current
 * DTO; the first goes at once, one follows every change, and the stream ends after a final state.
 * Snapshots are read one at a time, so a stale one never overtakes a newer one.
 */
export async function streamJob<T extends { state: JobState }>(
  load: () => Promise<T>,
  changes: Observable<void>,
  req: Request,
  res: Response,
): Promise<void> {
  const first = await load(); // a 404 here is still an ordinary JSON answer
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies (nginx) must not buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');

  let ended = false;
  let sent = 0;
  let chain = Promise.resolve();
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    subscription.unsubscribe();
    res.end();
  };
  const send = (dto: T) => {
    if (ended) return;
    sent++;
    res.write(`id: ${sent}\nevent: job\ndata: ${JSON.stringify(dto)}\n\n`);
    if (TERMINAL_STATES.includes(dto.state)) end();
  };
  const refresh = () => {
    chain = chain.then(async () => {
      if (ended) return;
      try {
        send(await load());
      } catch {
        end(); // deleted meanwhile
      }
    });
  };
  const subscription = changes.subscribe({ next: refresh, complete: end });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.once('close', end);
  send(first);
  // A change between the first read and the subscription would otherwise be missed.
  refresh();
}
