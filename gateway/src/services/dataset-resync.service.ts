import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ResyncResultDto } from '../dtos/dataset.dto';
import { DatasetRepository } from '../repositories/dataset.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { DB_CREATED } from '../tokens';
import { manifestToRows, parseManifest } from './dataset-manifest';
import { DatasetInspectionService } from './dataset-inspection.service';
import { InferenceResultService } from './inference-result.service';
import { JobResyncService } from './job-resync.service';
import { ModelResyncService } from './model-resync.service';
import { ROOTS, datasetKeys, folderId } from './storage-layout';
import { StorageSetupService } from './storage-setup.service';
import { SharingService } from './access/sharing.service';
import { DatasetVersionResyncService } from './dataset-version-resync.service';
import { AutoFineTuneService } from './auto-fine-tune.service';

/**
 * Rebuilds the SQLite cache from the manifests in S3 (the source of truth): on demand, and at
 * start-up when the database file is new. At every start-up, datasets left in 'uploaded' by a
 * stopped gateway are inspected again.
 */
@Injectable()
export class DatasetResyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatasetResyncService.name);

  constructor(
    @Inject(DB_CREATED) private readonly dbCreated: boolean,
    private readonly storage: StorageRepository,
    private readonly storageSetup: StorageSetupService,
    private readonly datasets: DatasetRepository,
    private readonly inspection: DatasetInspectionService,
    private readonly modelResync: ModelResyncService,
    private readonly jobResync: JobResyncService,
    private readonly inferenceResults: InferenceResultService,
    private readonly sharing: SharingService,
    private readonly versionResync: DatasetVersionResyncService,
    private readonly autoFineTune: AutoFineTuneService,
  ) {}

  /** When this process started: an annotation folder written since may be a save in progress. */
  private readonly startedAt = new Date();

  onApplicationBootstrap(): void {
    // In the background: S3 may be down at start-up, and the gateway must answer meanwhile.
    void this.storageSetup
      .whenReady()
      .then(async () => {
        if (this.dbCreated) {
          const result = await this.resync();
          this.logger.log(
            `New database: restored ${result.datasets} datasets, ${result.models} models, ${result.evaluations} evaluations, ${result.batches} batches and ${result.inferenceResults} inference results from S3`,
          );
        }
        for (const { id } of await this.datasets.listIdsByStatus('uploaded')) this.inspection.enqueue(id);
        for (const { id } of await this.datasets.listIdsByStatus('ready')) await this.versionResync.sweep(id, this.startedAt);
      })
      .catch((error: unknown) => this.logger.error(`Start-up resync failed: ${String(error)}`));
  }

  /** Datasets first: models refer to them; then models, which evaluations, batches and results refer to. */
  async resync(): Promise<Omit<ResyncResultDto, 'users' | 'tokens' | 'auditEvents'>> {
    const datasets = await this.resyncDatasets();
    const models = await this.modelResync.resync();
    const jobs = await this.jobResync.resync();
    const results = await this.inferenceResults.resync();
    return {
      datasets: datasets.datasets,
      models: models.models,
      evaluations: jobs.evaluations,
      batches: jobs.batches,
      inferenceResults: results.results,
      removed: datasets.removed + models.removed + jobs.removed + results.removed,
      skipped: [...datasets.skipped, ...models.skipped, ...jobs.skipped, ...results.skipped],
    };
  }

  private async resyncDatasets(): Promise<{ datasets: number; removed: number; skipped: string[] }> {
    const skipped: string[] = [];
    const found = new Set<string>();
    for (const folder of await this.storage.listFolders(ROOTS.datasets)) {
      const key = datasetKeys(folderId(ROOTS.datasets, folder)).manifest;
      const text = await this.storage.getText(key);
      if (text === null) continue; // no manifest: an upload that never finished, not a dataset
      const manifest = parseManifest(text);
      if (!manifest || datasetKeys(manifest.id).prefix !== folder) {
        skipped.push(key);
        continue;
      }
      found.add(manifest.id);
      const visibility = await this.sharing.read('dataset', manifest.id, manifest.owner_id ?? null);
      await this.datasets.replace(manifestToRows(manifest, visibility));
      await this.versionResync.resync(manifest.id);
      await this.autoFineTune.resync(manifest.id);
      if (manifest.status === 'uploaded') this.inspection.enqueue(manifest.id);
    }
    let removed = 0;
    for (const { id } of await this.datasets.listIds()) {
      if (!found.has(id) && !this.inspection.isBusy(id)) {
        // A dataset some model still refers to stays (the FK refuses); the model resync decides.
        await this.datasets.delete(id).then(() => removed++, () => undefined);
      }
    }
    if (skipped.length > 0) this.logger.warn(`Resync skipped unreadable manifests: ${skipped.join(', ')}`);
    return { datasets: found.size, removed, skipped };
  }
}
