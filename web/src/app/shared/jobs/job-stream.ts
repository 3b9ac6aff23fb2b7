import { type HttpClient } from '@angular/common/http';
import { computed, signal } from '@angular/core';
import { type Subscription } from 'rxjs';
import { errorMessage, errorStatus } from '../api-error';
import { type LoadError } from '../load-result';
import { JobEventStream } from './job-event-source';
import {
  type JobEventDto,
  type JobProgress,
  type JobReason,
  type JobState,
  TERMINAL_STATES,
} from './job.model';

/** What an evaluation or batch DTO shares with every job. */
export interface JobDto {
  id: string;
  state: JobState;
  queuePosition: number;
  error: string | null;
  reason?: JobReason | null;
  progress: JobProgress | null;
}

/**
 * One evaluation or batch job followed live: loaded with GET, then kept current by its SSE
 * stream (the snapshot replaces it, status and progress events patch it). At the end the GET
 * runs once more, for what only the finished job has (aggregate, outputs).
 */
export class JobStream<T extends JobDto> {
  private readonly _value = signal<T | null>(null);
  private readonly _error = signal<LoadError | null>(null);
  private readonly _stream = signal<JobEventStream<T> | null>(null);
  private id: string | null = null;
  private request: Subscription | null = null;

  readonly value = this._value.asReadonly();
  readonly error = this._error.asReadonly();
  readonly live = computed(() => this._stream()?.live() ?? 'closed');

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
    this._stream()?.close();
    this._stream.set(null);
    this.request?.unsubscribe();
    this.request = null;
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
        if (!TERMINAL_STATES.includes(job.state) && !this._stream()) this.connect();
      },
      error: (error: unknown) => {
        if (id === this.id)
          this._error.set({ status: errorStatus(error), message: errorMessage(error) });
      },
    });
  }

  private set(job: T): void {
    this._value.set(job);
    if (TERMINAL_STATES.includes(job.state)) this._stream()?.close();
    this.onChange(job);
  }

  private connect(): void {
    const stream = new JobEventStream<T>(this.openEventSource, `${this.url()}/events`, {
      snapshot: (job) => this.set(job),
      terminal: (job) => TERMINAL_STATES.includes(job.state),
      event: (event) => this.apply(event),
      // The finished job has more than its events say (aggregate, outputs): read it once.
      ended: () => this.load(),
    });
    this._stream.set(stream);
    stream.open();
  }

  private apply(event: JobEventDto): void {
    const job = this._value();
    if (!job) return;
    if (event.status) {
      const { state, queuePosition, reason, message } = event.status;
      const ended = state === 'failed' || state === 'cancelled';
      this.set({
        ...job,
        state,
        queuePosition: state === 'queued' ? queuePosition : 0,
        reason,
        error: ended ? message || state : null,
      });
    } else if (event.progress) {
      this.set({
        ...job,
        state: job.state === 'queued' ? 'running' : job.state,
        queuePosition: 0,
        progress: event.progress,
      });
    }
  }
}
