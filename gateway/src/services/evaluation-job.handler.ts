import { Injectable } from '@nestjs/common';
import type { JobCompleted } from '../generated/medseg/v1/job';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { evaluationImageRows, parseEvaluationReport } from './job-report';
import { type ReportJobChanges, ReportJobHandler, type ReportJobRow } from './report-job.handler';

/** Evaluation jobs: the report gives the aggregate and one row per image. */
@Injectable()
export class EvaluationJobHandler extends ReportJobHandler {
  readonly kind = 'evaluation' as const;

  constructor(
    private readonly evaluations: EvaluationRepository,
    private readonly storage: StorageRepository,
  ) {
    super();
  }

  protected row(id: string): Promise<ReportJobRow | undefined> {
    return this.evaluations.getById(id);
  }

  protected update(id: string, changes: ReportJobChanges): Promise<void> {
    return this.evaluations.update(id, changes);
  }

  protected activeIds(): Promise<{ id: string }[]> {
    return this.evaluations.listActive();
  }

  protected async ingest(id: string, completed: JobCompleted | null): Promise<void> {
    const row = await this.evaluations.getById(id);
    if (!row) return;
    const text = await this.storage.getText(row.report_key);
    if (text === null) throw new Error(`${row.report_key} is missing`);
    const report = parseEvaluationReport(text);
    if (!report) throw new Error(`${row.report_key} is not a MedSeg evaluation report (medseg-evaluation-v1 or v2)`);
    await this.evaluations.complete(
      id,
      {
        image_count: report.imageCount,
        failed_count: report.failedCount,
        aggregate: report.aggregate,
        progress: report.finalProgress,
        report_bytes: completed?.reportBytes || Buffer.byteLength(text),
        finished_at: report.finishedAt,
      },
      evaluationImageRows(id, report.images),
    );
  }
}
