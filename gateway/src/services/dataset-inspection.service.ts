import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { InspectPhase, type InspectResult } from '../generated/medseg/v1/dataset_service';
import { DatasetRepository } from '../repositories/dataset.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import { manifestToRows } from './dataset-manifest';
import { buildManifest } from './dataset-inspect-result';
import { datasetLimits } from './dataset-limits';
import { PRESIGN_S, datasetKeys } from './storage-layout';

/** Two at a time: the ml-service decodes on the CPU, and a third would only queue there. */
const CONCURRENCY = 2;
const PROGRESS_EVERY_MS = 500;
const PHASES: Partial<Record<InspectPhase, 'downloading' | 'scanning' | 'decoding'>> = {
  [InspectPhase.INSPECT_PHASE_DOWNLOADING]: 'downloading',
  [InspectPhase.INSPECT_PHASE_SCANNING]: 'scanning',
  [InspectPhase.INSPECT_PHASE_DECODING]: 'decoding',
};

/**
 * Moves a stored dataset from 'uploaded' to 'ready' or 'error': asks the ml-service to inspect the
 * archive, stores what it streams back under the dataset's prefix, then writes the manifest (the
 * commit point in S3) and the SQLite rows.
 */
@Injectable()
export class DatasetInspectionService implements OnApplicationShutdown {
  private readonly logger = new Logger(DatasetInspectionService.name);
  private readonly queue: string[] = [];
  private readonly running = new Map<string, Promise<void>>();
  /** One per running inspection: aborting it cancels the ml-service's stream (cancel()). */
  private readonly cancels = new Map<string, AbortController>();
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly storage: StorageRepository,
    private readonly datasets: DatasetRepository,
    private readonly ml: MlRepository,
  ) {}

  enqueue(id: string): void {
    if (this.queue.includes(id) || this.running.has(id)) return;
    this.queue.push(id);
    this.pump();
  }

  /** Resolves when no inspection is queued or running (tests and resync wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.queue.length > 0) await Promise.allSettled([...this.running.values()]);
  }

  isBusy(id: string): boolean {
    return this.queue.includes(id) || this.running.has(id);
  }

  /**
   * Stops the dataset's inspection, queued or running, and resolves once it has stopped: the
   * ml-service's stream is cancelled (it deletes its temp folder) and what the inspection already
   * stored is removed; no manifest or row is written for it. The caller then deletes the dataset.
   */
  async cancel(id: string): Promise<void> {
    const queued = this.queue.indexOf(id);
    if (queued !== -1) this.queue.splice(queued, 1);
    const run = this.running.get(id);
    if (!run) return;
    this.cancels.get(id)?.abort(new Error(`the inspection of dataset ${id} was cancelled`));
    await run;
  }

  onApplicationShutdown(): void {
    this.queue.length = 0;
    this.shutdown.abort();
  }

  private pump(): void {
    while (this.running.size < CONCURRENCY && this.queue.length > 0) {
      const id = this.queue.shift()!;
      const cancel = new AbortController();
      this.cancels.set(id, cancel);
      const run = this.inspect(id, cancel.signal)
        .catch((error: unknown) => this.logger.error(`Dataset ${id}: inspection crashed: ${String(error)}`))
        .finally(() => {
          this.running.delete(id);
          this.cancels.delete(id);
          this.pump();
        });
      this.running.set(id, run);
    }
  }

  private async inspect(id: string, cancelled: AbortSignal): Promise<void> {
    const row = await this.datasets.getById(id);
    if (!row || row.status !== 'uploaded') return;
    const written: string[] = [];
    let received: InspectResult | undefined;
    let lastProgress = 0;
    try {
      const stream = this.ml.inspectDataset(
        {
          datasetId: id,
          archiveUrl: await this.storage.presignGet(datasetKeys(id).archive, PRESIGN_S.inspection),
          archiveSizeBytes: row.archive_bytes,
          limits: datasetLimits(this.config.datasets),
        },
        AbortSignal.any([this.shutdown.signal, cancelled]),
      );
      for await (const message of stream) {
        if (cancelled.aborted) break;
        if (message.object) {
          const key = datasetKeys(id).object(message.object.path);
          await this.storage.putObject(key, message.object.data, message.object.contentType || 'application/octet-stream');
          written.push(key);
        } else if (message.progress && Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = Date.now();
          const phase = PHASES[message.progress.phase];
          if (phase) {
            await this.datasets.update(id, {
              progress: { phase, done: message.progress.done, total: message.progress.total },
            });
          }
        } else if (message.result) {
          received = message.result;
        }
      }
      if (cancelled.aborted) throw cancelled.reason;
      if (!received) throw new Error('the ml-service ended the inspection without a result');
    } catch (error) {
      if (cancelled.aborted) {
        this.logger.log(`Dataset ${id}: inspection cancelled`);
        await this.storage.deleteKeys(written).catch(() => undefined);
        return;
      }
      if (this.shutdown.signal.aborted) {
        // Left in 'uploaded': the next start-up inspects it again from the stored archive.
        this.logger.warn(`Dataset ${id}: inspection interrupted by shutdown; it resumes at the next start`);
        await this.storage.deleteKeys(written).catch(() => undefined);
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Dataset ${id}: inspection failed: ${reason}`);
      received = {
        errors: [`Inspection failed: ${reason}. Delete the dataset and upload it again.`],
        warnings: [],
        pairs: [],
        stats: undefined,
        cases: [],
        labels: [],
        fingerprint: undefined,
        layout: '',
      };
    }
    const result = received;

    const ok = result.errors.length === 0 && result.pairs.length > 0;
    if (!ok) {
      // An error dataset keeps its archive and reasons, not half a set of shards and thumbnails.
      await this.storage.deleteKeys(written).catch(() => undefined);
      if (result.errors.length === 0) result.errors = ['The archive holds no valid image/mask pair; see the warnings for each file'];
    }
    const manifest = buildManifest(row, result, ok, id);
    await this.storage.putObject(datasetKeys(id).manifest, JSON.stringify(manifest), 'application/json');
    // Read again: the owner may have shared it while it was being inspected.
    const visibility = (await this.datasets.getById(id))?.visibility ?? row.visibility;
    const rows = manifestToRows(manifest, visibility);
    await this.datasets.replace(rows);
    this.logger.log(`Dataset ${id}: ${manifest.status} (${manifest.pairs.length} pairs, ${manifest.cases?.length ?? 0} cases, ${manifest.warnings.length} warnings)`);
  }
}
