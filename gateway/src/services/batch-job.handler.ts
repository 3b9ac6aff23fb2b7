import { Injectable } from '@nestjs/common';
import type { JobCompleted } from '../generated/medseg/v1/job';
import { BatchRepository } from '../repositories/batch.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { parseBatchReport } from './job-report';
import { type ReportJobChanges, ReportJobHandler, type ReportJobRow } from './report-job.handler';
import { batchKeys } from './storage-layout';

/** Batch-inference jobs: the report gives the aggregate and the failures; masks and CSV are beside it. */
@Injectable()
export class BatchJobHandler extends ReportJobHandler {
  readonly kind = 'batch' as const;

  constructor(
    private readonly batches: BatchRepository,
    private readonly storage: StorageRepository,
  ) {
    super();
  }

  protected row(id: string): Promise<ReportJobRow | undefined> {
    return this.batches.getById(id);
  }

  protected update(id: string, changes: ReportJobChanges): Promise<void> {
    return this.batches.update(id, changes);
  }

  protected activeIds(): Promise<{ id: string }[]> {
    return this.batches.listActive();
  }

  protected async ingest(id: string, completed: JobCompleted | null): Promise<void> {
    const keys = batchKeys(id);
    const text = await this.storage.getText(keys.report);
    if (text === null) throw new Error(`${keys.report} is missing`);
    const report = parseBatchReport(text);
    if (!report) throw new Error(`${keys.report} is not a MedSeg batch report (medseg-batch-v1 or v2)`);
    await this.batches.update(id, {
      image_count: report.imageCount,
      failed_count: report.failedCount,
      aggregate: report.aggregate,
      failures: report.failures,
      progress: report.finalProgress,
      masks_bytes: completed?.masksBytes || ((await this.storage.size(keys.masks)) ?? 0),
      csv_bytes: completed?.csvBytes || ((await this.storage.size(keys.csv)) ?? 0),
      report_bytes: completed?.reportBytes || Buffer.byteLength(text),
      finished_at: report.finishedAt,
    });
  }
}
