import { type JobEventDto, type JobState } from '../shared/jobs/job.model';

type Listener = (event: Event) => void;

/**
 * Stand-in for the browser's EventSource in unit tests: records the URL and lets the test open,
 * feed and break the stream. Only what the job stream client uses is implemented.
 */
export class FakeEventSource {
  static created: FakeEventSource[] = [];

  readyState = 0;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeEventSource.created.push(this);
  }

  static last(): FakeEventSource {
    const source = FakeEventSource.created.at(-1);
    if (!source) throw new Error('No event stream was opened');
    return source;
  }

  static factory(): (url: string) => EventSource {
    FakeEventSource.created = [];
    return (url) => new FakeEventSource(url) as unknown as EventSource;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.set(
      type,
      (this.listeners.get(type) ?? []).filter((l) => l !== listener),
    );
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** Delivers one event as the gateway sends it: `id: <sequence>`, `event: <type>`, JSON data. */
  emit(type: string, data: unknown, sequence?: number): void {
    const event = new MessageEvent(type, {
      data: typeof data === 'string' ? data : JSON.stringify(data),
      lastEventId: sequence === undefined ? '' : String(sequence),
    });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** The first event of a job stream: the resource, `id:` its last sequence. */
  snapshot(value: unknown, sequence: number): void {
    this.emit('snapshot', value, sequence);
  }

  /** One `job` event, `id:` its sequence. */
  job(event: JobEventDto): void {
    this.emit('job', event, event.sequence);
  }

  /** A dropped connection the browser retries, or (closed) a refusal it does not. */
  fail(closed = false): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

/** Job events as the gateway sends them, for tests. */
export const jobEvents = {
  status(
    sequence: number,
    state: JobState,
    message = '',
    extra: Partial<NonNullable<JobEventDto['status']>> = {},
  ): JobEventDto {
    return {
      sequence,
      time: '',
      type: 'status',
      status: { state, queuePosition: 0, reason: null, message, ...extra },
    };
  },
  of(sequence: number, payload: Omit<JobEventDto, 'sequence' | 'time'>): JobEventDto {
    return { sequence, time: '', ...payload };
  },
};
