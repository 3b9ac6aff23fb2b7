import { Injectable, Logger } from '@nestjs/common';
import { AutoFineTuneRepository } from '../repositories/auto-fine-tune.repository';
import { DatasetVersionRepository } from '../repositories/dataset-version.repository';
import { ActingUser } from './acting-user.service';
import { AutoFineTuneService } from './auto-fine-tune.service';
import { ModelService } from './model.service';

/**
 * Called after a save committed a dataset version: queues the fine-tune the dataset's rule asks
 * for, if one is due. Runs one at a time per dataset, so two saves never queue two fine-tunes;
 * never throws (the save is done whatever happens here).
 */
@Injectable()
export class AutoFineTuneTrigger {
  private readonly logger = new Logger(AutoFineTuneTrigger.name);
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly rules: AutoFineTuneRepository,
    private readonly service: AutoFineTuneService,
    private readonly versions: DatasetVersionRepository,
    private readonly models: ModelService,
    private readonly acting: ActingUser,
  ) {}

  afterSave(datasetId: string): Promise<void> {
    const next = (this.queues.get(datasetId) ?? Promise.resolve()).then(() => this.check(datasetId));
    const tail = next.catch((error: unknown) => this.logger.warn(`Dataset ${datasetId}: auto fine-tune not queued: ${String(error)}`));
    this.queues.set(datasetId, tail);
    void tail.then(() => {
      if (this.queues.get(datasetId) === tail) this.queues.delete(datasetId);
    });
    return tail;
  }

  private async check(datasetId: string): Promise<void> {
    const row = await this.rules.get(datasetId);
    if (!row?.enabled) return;
    const plan = await this.service.plan(row);
    if (!plan.due || !plan.from) {
      if (plan.active && plan.newMasks >= row.new_masks) this.logger.log(`Dataset ${datasetId}: auto fine-tune waits for ${plan.active.id} to finish`);
      return;
    }
    // Queued as the person who set the rule, with their access: gone or disabled, nothing is queued.
    const caller = await this.acting.caller(row.updated_by);
    if (!caller) {
      this.logger.warn(`Dataset ${datasetId}: auto fine-tune due, but the user who set it (${row.updated_by}) is gone or disabled; set it again`);
      return;
    }
    const latest = (await this.versions.getLatest(datasetId))?.version ?? 1;
    const child = await this.models.fineTune(caller, plan.from.id, { datasetVersion: latest }, {
      ruleModelId: row.model_id,
      newMasks: plan.newMasks,
      sinceVersion: plan.sinceVersion,
    });
    this.logger.log(`Dataset ${datasetId}: auto fine-tune ${child.id} of ${plan.from.id} queued on version ${latest} (${plan.newMasks} new masks)`);
  }
}
