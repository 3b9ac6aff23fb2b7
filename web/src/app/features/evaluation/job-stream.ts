import { type HttpClient } from '@angular/common/http';
import { signal } from '@angular/core';
import { type Subscription } from 'rxjs';
import { errorMessage, errorStatus } from '../../shared/api-error';
import { type LoadError } from '../../shared/load-result';
import { type JobState, TERMINAL_STATES } from '../training/model.model';
import { type LiveState } from '../training/model.service';

/** While the gateway refuses the event stream, an active job is asked again this often. */
export const JOB_POLL_MS = 2_000;

/** `EventSource.CLOSED`, spelled out because tests run where EventSource does not exist. */
const EVENT_SOURCE_CLOSED = 2;

/**
 * One evaluation or batch job followed live: loaded with GET, then updated from its SSE stream,
 * whose every `job` event carries the whole DTO. The stream ends with the job; when the gateway
 * refuses it the job is polled instead.
 */
export class JobStream<T extends { id: string; state: JobState }> {
  private readonly _value = signal<T | null>(null);
  private readonly _error = signal<LoadError | null>(null);
  private readonly _live = signal<LiveState>('closed');
  private id: string | null = null;
  private source: EventSource | null = null;
  private request: Subscription | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly value = this._value.asReadonly();
  readonly error = this._error.asReadonly();
  readonly live = this._live.asReadonly();

  constructor(
    private readonly http: HttpClient,
    private readonly openEventSource: (url: string) => EventSource,
    /** `/api/evaluations` or `/api/batches`. */
    private readonly baseUrl: string,
    /** Called with each new state of the job, after the signal is set. */
    private readonly onChange: (job: T) => void = () => undefined,
  ) {}

  /** Shows a job; opening the one already shown keeps it while it reloads. */
  open(id: string): void {
    if (id !== this.id) {
      this.close();
      this.id = id;
      this._value.set(null);
      this._error.set(null);
    }
    this.load();
  }

  /** Stops following (the page was left); what was received stays. */
  close(): void {
    this.source?.close();
    this.source = null;
    this.request?.unsubscribe();
    this.request = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this._live.set('closed');
  }

  /** Puts a DTO the gateway answered elsewhere (cancel) in place, if it is the job shown. */
  patch(job: T): void {
    if (job.id === this.id) this.set(job);
  }

  private url(): string {
    return `${this.baseUrl}/${encodeURIComponent(this.id ?? '')}`;
  }

  private load(): void {
    const id = this.id;
    if (!id) return;
    this.request?.unsubscribe();
    this.request = this.http.get<T>(this.url()).subscribe({
      next: (job) => {
        if (id !== this.id) return;
        this._error.set(null);
        this.set(job);
        if (TERMINAL_STATES.includes(job.state)) return;
        if (this._live() === 'lost') this.schedulePoll();
        else if (!this.source) this.connect();
      },
      error: (error: unknown) => {
        if (id !== this.id) return;
        this._error.set({ status: errorStatus(error), message: errorMessage(error) });
        if (this._value() && this._live() === 'lost') this.schedulePoll();
      },
    });
  }

  private set(job: T): void {
    this._value.set(job);
    if (TERMINAL_STATES.includes(job.state)) {
      this.source?.close();
      this.source = null;
      if (this._live() !== 'lost') this._live.set('closed');
    }
    this.onChange(job);
  }

  private schedulePoll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.load();
    }, JOB_POLL_MS);
  }

  private connect(): void {
    const id = this.id;
    const source = this.openEventSource(`${this.url()}/events`);
    this.source = source;
    this._live.set('connecting');
    source.onopen = () => {
      if (this.source === source) this._live.set('open');
    };
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === EVENT_SOURCE_CLOSED) {
        // The gateway refused the stream (or it ended): nothing retries, so poll.
        this.source = null;
        source.close();
        const job = this._value();
        if (job && TERMINAL_STATES.includes(job.state)) {
          this._live.set('closed');
          return;
        }
        this._live.set('lost');
        this.schedulePoll();
      } else {
        this._live.set('connecting');
      }
    };
    source.addEventListener('job', (event) => {
      if (this.source !== source || id !== this.id) return;
      let job: T;
      try {
        job = JSON.parse((event as MessageEvent<string>).data) as T;
      } catch {
        console.warn(`Ignoring a job event of ${id} that is not JSON`);
        return;
      }
      this._live.set('open');
      this.set(job);
    });
  }
}
