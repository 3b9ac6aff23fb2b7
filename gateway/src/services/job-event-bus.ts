import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Observable, Subject, filter, map } from 'rxjs';
import type { JobEventDto } from '../dtos/job-event.dto';

/** Live events of every job, published by the watcher once they are applied to SQLite. */
@Injectable()
export class JobEventBus implements OnApplicationShutdown {
  private readonly live = new Subject<{ jobId: string; event: JobEventDto }>();

  publish(jobId: string, event: JobEventDto): void {
    this.live.next({ jobId, event });
  }

  /** Live events of one job (no history: the stream replays SQLite first). */
  events(jobId: string): Observable<JobEventDto> {
    return this.live.pipe(
      filter((e) => e.jobId === jobId),
      map((e) => e.event),
    );
  }

  /** Live events of every job, with the job's id: for what follows jobs of any kind. */
  all(): Observable<{ jobId: string; event: JobEventDto }> {
    return this.live.asObservable();
  }

  onApplicationShutdown(): void {
    this.live.complete();
  }
}
