import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { JobState } from '../db/schema';
import { openSse } from '../util/sse';
import { TERMINAL_STATES } from './training-events';

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
  const stream = openSse(req, res);
  let sent = 0;
  let chain = Promise.resolve();
  const send = (dto: T) => {
    if (stream.ended) return;
    stream.send(++sent, 'job', dto);
    if (TERMINAL_STATES.includes(dto.state)) stream.end();
  };
  const refresh = () => {
    chain = chain.then(async () => {
      if (stream.ended) return;
      try {
        send(await load());
      } catch {
        stream.end(); // deleted meanwhile
      }
    });
  };
  const subscription = changes.subscribe({ next: refresh, complete: () => stream.end() });
  stream.onEnd(() => subscription.unsubscribe());
  send(first);
  // A change between the first read and the subscription would otherwise be missed.
  refresh();
}
