import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { Database, JobEventTable } from '../db/schema';
import type { JobEventDto } from '../dtos/job-event.dto';
import type { EpochDto } from '../dtos/model.dto';
import { DATABASE } from '../tokens';

/** The replayable events of every job kind (status, epoch, completed), keyed by job id. */
@Injectable()
export class JobEventRepository {
  constructor(@Inject(DATABASE) private readonly db: Kysely<Database>) {}

  /** Stores one event; a repeat of a stored sequence (a re-attached watch) is ignored. */
  async append(jobId: string, event: JobEventDto): Promise<void> {
    await this.db
      .insertInto('job_events')
      .values({ job_id: jobId, sequence: event.sequence, type: event.type as JobEventTable['type'], data: JSON.stringify(event) })
      .onConflict((oc) => oc.columns(['job_id', 'sequence']).doNothing())
      .execute();
  }

  async listAfter(jobId: string, sequence: number): Promise<JobEventDto[]> {
    const rows = await this.db
      .selectFrom('job_events')
      .select('data')
      .where('job_id', '=', jobId)
      .where('sequence', '>', sequence)
      .orderBy('sequence')
      .execute();
    return rows.map((r) => JSON.parse(r.data) as JobEventDto);
  }

  /** A training's epoch history, one per epoch (a resumed epoch's last report wins), in order. */
  async listEpochs(jobId: string): Promise<EpochDto[]> {
    const rows = await this.db
      .selectFrom('job_events')
      .select('data')
      .where('job_id', '=', jobId)
      .where('type', '=', 'epoch')
      .orderBy('sequence')
      .execute();
    const byEpoch = new Map<number, EpochDto>();
    for (const row of rows) {
      const epoch = (JSON.parse(row.data) as JobEventDto).epoch;
      if (epoch) byEpoch.set(epoch.epoch, epoch);
    }
    return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }
}
