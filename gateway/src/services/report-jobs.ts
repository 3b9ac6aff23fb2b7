import { ConflictException } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { JobState } from '../db/schema';
import { ACTIVE_JOB_STATES } from '../dtos/job.dto';
import type { SseMessage } from '../util/sse';
import type { JobStreamService } from './job-stream.service';
import type { JobWatchService } from './job-watch.service';
import type { Caller } from '../auth/caller';
import type { OwnedFields, OwnerFilter } from '../dtos/owner.dto';
import { type ListScope, scopeOf } from './access/access-rules';
import type { ResourceAccess } from './access/resource-access.service';

/** The columns every report job (evaluation, batch) row has. */
export interface ReportJobRow {
  state: JobState;
  last_sequence: number;
  owner_id: string | null;
}

/** What one report-job kind tells the shared lifecycle: its name, its rows and its DTO. */
export interface ReportJobKind<Row extends ReportJobRow, Dto> {
  kind: 'evaluation' | 'batch';
  /** Capitalised, for messages: "Batch", "Evaluation". */
  label: string;
  /** The row the caller may see, else the 404 of a missing id (ResourceAccess). */
  find(caller: Caller, id: string): Promise<Row>;
  listByModel(modelId: string, scope: ListScope): Promise<Row[]>;
  map(row: Row, owned: OwnedFields): Dto;
}

/**
 * The lifecycle evaluations and batches share once queued: list, get, SSE stream, cancel and the
 * check before a delete. Each service keeps its own create and its own stored outputs. Whoever
 * may see the model sees its jobs; only a job's owner and admins cancel or delete it.
 */
export class ReportJobs<Row extends ReportJobRow, Dto> {
  constructor(
    private readonly spec: ReportJobKind<Row, Dto>,
    private readonly deps: { access: ResourceAccess; watch: JobWatchService; streams: JobStreamService },
  ) {}

  row(caller: Caller, id: string): Promise<Row> {
    return this.spec.find(caller, id);
  }

  async get(caller: Caller, id: string): Promise<Dto> {
    return this.dto(caller, await this.row(caller, id));
  }

  async list(caller: Caller, modelId: string, owner?: OwnerFilter): Promise<Dto[]> {
    await this.deps.access.model(caller, modelId);
    const rows = await this.spec.listByModel(modelId, scopeOf(caller, owner));
    const owned = await this.deps.access.ownedAll(caller, rows);
    return rows.map((row, i) => this.spec.map(row, owned[i]));
  }

  private async dto(caller: Caller, row: Row): Promise<Dto> {
    return this.spec.map(row, await this.deps.access.owned(caller, row));
  }

  /** The job's SSE stream: snapshot (the DTO), then its job events. */
  events(caller: Caller, id: string, lastEventId: number): Promise<Observable<SseMessage>> {
    return this.deps.streams.open(id, lastEventId, async () => {
      const row = await this.row(caller, id);
      return { value: await this.dto(caller, row), sequence: row.last_sequence, terminal: !ACTIVE_JOB_STATES.includes(row.state) };
    });
  }

  async cancel(caller: Caller, id: string): Promise<Dto> {
    const row = await this.deps.access.mustChange(caller, await this.row(caller, id), `cancel this ${this.spec.kind}`);
    if (!ACTIVE_JOB_STATES.includes(row.state)) {
      throw new ConflictException(`${this.spec.label} ${id} is ${row.state}; only a queued or running one can be cancelled`);
    }
    await this.deps.watch.cancel(this.spec.kind, id);
    return this.get(caller, id);
  }

  /** The row of a job that may be deleted: it exists and is no longer queued or running. */
  async deletable(caller: Caller, id: string): Promise<Row> {
    const row = await this.deps.access.mustChange(caller, await this.row(caller, id), `delete this ${this.spec.kind}`);
    if (ACTIVE_JOB_STATES.includes(row.state)) throw new ConflictException(`${this.spec.label} ${id} is ${row.state}; cancel it first`);
    return row;
  }

  /** The row of a completed job, whose outputs can be read. */
  async completed(caller: Caller, id: string, what: string): Promise<Row> {
    const row = await this.row(caller, id);
    if (row.state !== 'completed') {
      throw new ConflictException(`${this.spec.label} ${id} is ${row.state}; only a completed ${this.spec.kind} has ${what}`);
    }
    return row;
  }
}
