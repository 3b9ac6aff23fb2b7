import { Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import { type JobEventDto, isTerminalEvent } from '../dtos/job-event.dto';
import { JobEventRepository } from '../repositories/job-event.repository';
import type { SseMessage } from '../util/sse';
import { JobEventBus } from './job-event-bus';

/** A job's resource as its GET returns it, with the last event sequence it reflects. */
export interface JobSnapshot<T> {
  value: T;
  sequence: number;
  /** True once nothing more will happen to the job (the stream then ends after the replay). */
  terminal: boolean;
}

/**
 * The one Server-Sent Events design of every job (models, evaluations, batches): `snapshot`
 * first (the DTO, `id:` = its last sequence), then `job` events stored after Last-Event-ID, then
 * live ones, without gaps or repeats; the stream ends after a terminal status.
 */
@Injectable()
export class JobStreamService {
  constructor(
    private readonly events: JobEventRepository,
    private readonly bus: JobEventBus,
  ) {}

  /**
   * Reads the snapshot at once, so a missing job is an ordinary 404 before any stream opens.
   * Live events are listened to from before that read: those that arrive during the replay are
   * held back, then sent in order after the stored ones, each sequence once.
   */
  async open<T>(jobId: string, lastEventId: number, snapshot: () => Promise<JobSnapshot<T>>): Promise<Observable<SseMessage>> {
    const held: JobEventDto[] = [];
    let forward: ((event: JobEventDto) => void) | null = null;
    // The bus completes when the gateway shuts down: open streams end with it.
    let closed = false;
    let finish: () => void = () => {
      closed = true;
    };
    const live = this.bus.events(jobId).subscribe({
      next: (event) => (forward ? forward(event) : held.push(event)),
      complete: () => finish(),
    });
    let first: JobSnapshot<T>;
    let stored: JobEventDto[];
    try {
      first = await snapshot();
      stored = await this.events.listAfter(jobId, lastEventId);
    } catch (error) {
      live.unsubscribe();
      throw error;
    }
    return new Observable<SseMessage>((subscriber) => {
      let lastSent = lastEventId;
      let ended = first.terminal;
      const send = (event: JobEventDto) => {
        if (subscriber.closed || event.sequence <= lastSent) return;
        lastSent = event.sequence;
        subscriber.next({ id: event.sequence, event: 'job', data: event });
        ended = isTerminalEvent(event);
      };
      subscriber.next({ id: first.sequence, event: 'snapshot', data: first.value });
      // The replay goes to its end: a failed upload's status may be followed by the retry's.
      for (const event of stored) send(event);
      for (const event of held.sort((a, b) => a.sequence - b.sequence)) send(event);
      held.length = 0;
      // Over at the snapshot or at the end of the replay: nothing live will follow.
      if (ended || closed) {
        subscriber.complete();
        return () => live.unsubscribe();
      }
      forward = (event) => {
        send(event);
        if (ended) subscriber.complete();
      };
      finish = () => subscriber.complete();
      return () => live.unsubscribe();
    });
  }
}
