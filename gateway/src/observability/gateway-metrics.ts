import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/schema';
import { DATABASE } from '../tokens';

/** Job kinds as their tables hold them. */
const JOB_TABLES = { training: 'models', evaluation: 'evaluations', batch: 'batches' } as const;
export type MetricJobKind = keyof typeof JOB_TABLES;

/**
 * The gateway's Prometheus metrics (prom-client), one registry per app so that tests starting
 * several gateways in one process keep them apart. The ml-service's own (model cache, inference
 * stages, its queue, GPU memory) are fetched over gRPC and appended by GET /metrics.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'medseg_http_requests_total',
    help: 'HTTP requests answered, by method, route (the matched pattern) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'medseg_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer finishing, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private readonly jobDurations = new Histogram({
    name: 'medseg_job_duration_seconds',
    help: 'Jobs that ended, from when the gateway started following them (submission, or its own restart) to their end, by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400],
    registers: [this.registry],
  });

  private readonly s3Errors = new Counter({
    name: 'medseg_s3_errors_total',
    help: 'S3 requests that failed (after the SDK retries), by operation',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(DATABASE) db: Kysely<Database>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'medseg_gateway_' });
    new Gauge({
      name: 'medseg_jobs',
      help: 'Jobs queued or running now, by kind and state (from the metadata cache)',
      labelNames: ['kind', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [kind, table] of Object.entries(JOB_TABLES)) {
          for (const state of ['queued', 'running'] as const) this.set({ kind, state }, 0);
          const column = table === 'models' ? 'job_state' : 'state';
          const rows = await db
            .selectFrom(table)
            .select([`${column} as state`, (eb) => eb.fn.countAll<number>().as('count')])
            .where(column, 'in', ['queued', 'running'])
            .groupBy(column)
            .execute();
          for (const row of rows as { state: string; count: number }[]) this.set({ kind, state: row.state }, Number(row.count));
        }
      },
    });
  }

  requestDone(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  jobEnded(kind: MetricJobKind, outcome: string, seconds: number): void {
    this.jobDurations.observe({ kind, outcome }, seconds);
  }

  s3Failed(operation: string): void {
    this.s3Errors.inc({ operation });
  }
}
