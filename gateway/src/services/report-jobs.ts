import { ConflictException, NotFoundException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { JobState } from '../db/schema';
import { ACTIVE_JOB_STATES } from '../dtos/job.dto';
import type { ModelRepository } from '../repositories/model.repository';
import type { SseMessage } from '../util/sse';
import type { JobStreamService } from './job-stream.service';
import type { JobWatchService } from './job-watch.service';

/** The columns every report job (evaluation, batch) row has. */
export interface ReportJobRow {
  state: JobState;
  last_sequence: number;
}

/** What one report-job kind tells the shared lifecycle: its name, its rows and its DTO. */
export interface ReportJobKind<Row extends ReportJobRow, Dto> {
  kind: 'evaluation' | 'batch';
  /** Capitalised, for messages: "Batch", "Evaluation". */
  label: string;
  find(id: string): Promise<Row | undefined>;
  listByModel(modelId: string): Promise<Row[]>;
  map(row: Row): Dto;
}

/**
 * The lifecycle evaluations and batches share once queued: list, get, SSE stream, cancel and the
 * check before a delete. Each service keeps its own create and its own stored outputs.
 */
export class ReportJobs<Row extends ReportJobRow, Dto> {
  constructor(
    private readonly spec: ReportJobKind<Row, Dto>,
    private readonly deps: { models: ModelRepository; watch: JobWatchService; streams: JobStreamService },
  ) {}

  async row(id: string): Promise<Row> {
    const row = await this.spec.find(id);
    if (!row) throw new NotFoundException(`${this.spec.label} ${id} not found`);
    return row;
  }

  async get(id: string): Promise<Dto> {
    return this.spec.map(await this.row(id));
  }

  async list(modelId: string): Promise<Dto[]> {
    if (!(await this.deps.models.getById(modelId))) throw new NotFoundException(`Model ${modelId} not found`);
    return (await this.spec.listByModel(modelId)).map((row) => this.spec.map(row));
  }

  /** The job's SSE stream: snapshot (the DTO), then its job events. */
  events(id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.deps.streams.open(id, lastEventId, async () => {
      const row = await this.row(id);
      return { value: this.spec.map(row), sequence: row.last_sequence, terminal: !ACTIVE_JOB_STATES.includes(row.state) };
    });
  }

  async cancel(id: string): Promise<Dto> {
    const row = await this.row(id);
    if (!ACTIVE_JOB_STATES.includes(row.state)) {
      throw new ConflictException(`${this.spec.label} ${id} is ${row.state}; only a queued or running one can be cancelled`);
    }
    await this.deps.watch.cancel(this.spec.kind, id);
    return this.get(id);
  }

  /** The row of a job that may be deleted: it exists and is no longer queued or running. */
  async deletable(id: string): Promise<Row> {
    const row = await this.row(id);
    if (ACTIVE_JOB_STATES.includes(row.state)) throw new ConflictException(`${this.spec.label} ${id} is ${row.state}; cancel it first`);
    return row;
  }

  /** The row of a completed job, whose outputs can be read. */
  async completed(id: string, what: string): Promise<Row> {
    const row = await this.row(id);
    if (row.state !== 'completed') {
      throw new ConflictException(`${this.spec.label} ${id} is ${row.state}; only a completed ${this.spec.kind} has ${what}`);
    }
    return row;
  }
}
