import { InjectionToken, type Signal, signal } from '@angular/core';
import { type JobEventDto, type LiveState, isTerminalEvent } from './job.model';

/** Opens a Server-Sent Events stream; tests swap in a fake. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSource>(
  'EVENT_SOURCE_FACTORY',
  { factory: () => (url: string) => new EventSource(url) },
);

/** `EventSource.CLOSED`, spelled out because tests run where EventSource does not exist. */
const EVENT_SOURCE_CLOSED = 2;

/** After the gateway refused the stream, it is opened again this long after (doubling to 16 s). */
export const JOB_STREAM_RETRY_MS = 2_000;
const MAX_RETRY_MS = 16_000;

export interface JobStreamHandlers<T> {
  /** The job's resource as its GET returns it; comes first, and again after each reconnect. */
  snapshot(value: T): void;
  /** One event the snapshot does not already reflect, in order and once each. */
  event(event: JobEventDto): void;
  /** True for a snapshot of a job that is over (the stream then closes after it). */
  terminal(value: T): boolean;
  /** The job reached a terminal status: the stream is closed, nothing more will come. */
  ended?(): void;
}

/**
 * The one client of the gateway's job streams (`/api/models|evaluations|batches/:id/events`):
 * `snapshot` first, then `job` events. Events the snapshot already reflects (sequence up to its
 * id) and repeats after a reconnect are dropped. While the connection drops, the browser
 * reconnects by itself with Last-Event-ID; when the gateway refuses the stream (an error status,
 * the EventSource is CLOSED) it is opened again after a pause with `?after=`. Closes itself after a
 * terminal status.
 */
export class JobEventStream<T> {
  private readonly _live = signal<LiveState>('closed');
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSequence = 0;
  private retryMs = JOB_STREAM_RETRY_MS;

  readonly live: Signal<LiveState> = this._live.asReadonly();

  constructor(
    private readonly openEventSource: (url: string) => EventSource,
    /** The stream's URL, e.g. `/api/models/<id>/events`. */
    private readonly url: string,
    private readonly handlers: JobStreamHandlers<T>,
  ) {}

  /** Connects (once; opening an open stream does nothing). */
  open(): void {
    if (this.source || this.timer) return;
    this.connect();
  }

  /** Stops following; nothing is delivered after this. */
  close(): void {
    this.source?.close();
    this.source = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this._live.set('closed');
  }

  private connect(): void {
    const url = this.lastSequence > 0 ? `${this.url}?after=${this.lastSequence}` : this.url;
    const source = this.openEventSource(url);
    this.source = source;
    this._live.set(this._live() === 'lost' ? 'lost' : 'connecting');
    source.onopen = () => {
      if (this.source !== source) return;
      this.retryMs = JOB_STREAM_RETRY_MS;
      this._live.set('open');
    };
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState !== EVENT_SOURCE_CLOSED) {
        // CONNECTING: the browser retries by itself and resumes with Last-Event-ID.
        this._live.set('connecting');
        return;
      }
      // CLOSED: the gateway answered with an error status, and nothing will retry but us.
      source.close();
      this.source = null;
      this._live.set('lost');
      this.timer = setTimeout(() => {
        this.timer = null;
        this.connect();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    };
    source.addEventListener('snapshot', (message) => {
      if (this.source !== source) return;
      const { data, sequence } = parse<T>(message);
      if (data === undefined) return;
      this.lastSequence = Math.max(this.lastSequence, sequence);
      this._live.set('open');
      this.handlers.snapshot(data);
      if (this.source === source && this.handlers.terminal(data)) this.close();
    });
    source.addEventListener('job', (message) => {
      if (this.source !== source) return;
      const { data } = parse<JobEventDto>(message);
      if (!data || data.sequence <= this.lastSequence) return;
      this.lastSequence = data.sequence;
      this.handlers.event(data);
      if (isTerminalEvent(data)) {
        // The gateway ends the stream here; a reconnect would only replay the end.
        this.close();
        this.handlers.ended?.();
      }
    });
  }
}

function parse<T>(message: Event): { data: T | undefined; sequence: number } {
  const { data, lastEventId } = message as MessageEvent<string>;
  const sequence = Number(lastEventId);
  try {
    return { data: JSON.parse(data) as T, sequence: Number.isFinite(sequence) ? sequence : 0 };
  } catch {
    console.warn('Ignoring a job stream event that is not JSON', data);
    return { data: undefined, sequence: 0 };
  }
}
