import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import type { SettingsDto, UpdateSettingsDto } from '../dtos/settings.dto';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';
import { AuditService } from './audit.service';
import { StorageSetupService } from './storage-setup.service';
import { SETTINGS_KEY } from './storage-layout';

const FORMAT = 'medseg-settings-v1';

interface StoredSettings {
  format: typeof FORMAT;
  store_inference_inputs: boolean;
  updated_at: string;
  updated_by: string;
}

/**
 * Settings an admin may change while the gateway runs, in one place. Each starts from its
 * environment variable; an admin's change is written to S3 (settings.json, the truth like
 * everything else) before it takes effect, and read back at every start.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SettingsService.name);
  private storeInputs: boolean;
  private updated: { at: string; by: string } | null = null;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    private readonly storage: StorageRepository,
    private readonly storageSetup: StorageSetupService,
    private readonly audit: AuditService,
  ) {
    this.storeInputs = config.storeInferenceInputs;
  }

  onApplicationBootstrap(): void {
    // S3 may still be starting: the environment values hold until settings.json is read.
    void this.storageSetup
      .whenReady()
      .then(() => this.load())
      .catch((error: unknown) => this.logger.error(`Could not read ${SETTINGS_KEY}; keeping the environment values: ${String(error)}`));
  }

  /** Whether a stored inference result keeps the image it was made from (MEDSEG_STORE_INFERENCE_INPUTS). */
  get storeInferenceInputs(): boolean {
    return this.storeInputs;
  }

  get(): SettingsDto {
    return { storeInferenceInputs: this.storeInputs, updatedAt: this.updated?.at ?? null, updatedBy: this.updated?.by ?? null };
  }

  async update(caller: Caller, changes: UpdateSettingsDto): Promise<SettingsDto> {
    const next = changes.storeInferenceInputs ?? this.storeInputs;
    if (next === this.storeInputs) return this.get();
    const stored: StoredSettings = { format: FORMAT, store_inference_inputs: next, updated_at: new Date().toISOString(), updated_by: caller.username };
    // S3 first: a setting that is not stored would come back changed after a restart.
    await this.storage.putObject(SETTINGS_KEY, JSON.stringify(stored, null, 2), 'application/json');
    this.apply(stored);
    this.logger.log(`Storing inference inputs turned ${next ? 'on' : 'off'} by ${caller.username}`);
    await this.audit.record(caller, 'settings_changed', 'settings', null, 'storing inference inputs', next ? 'on' : 'off');
    return this.get();
  }

  private async load(): Promise<void> {
    const text = await this.storage.getText(SETTINGS_KEY);
    if (text === null) return;
    const parsed = parseSettings(text);
    if (!parsed) {
      this.logger.warn(`${SETTINGS_KEY} is not a MedSeg settings record; keeping the environment values`);
      return;
    }
    this.apply(parsed);
  }

  private apply(stored: StoredSettings): void {
    this.storeInputs = stored.store_inference_inputs;
    this.updated = { at: stored.updated_at, by: stored.updated_by };
  }
}

function parseSettings(text: string): StoredSettings | null {
  try {
    const value = JSON.parse(text) as Partial<StoredSettings>;
    if (value.format !== FORMAT || typeof value.store_inference_inputs !== 'boolean') return null;
    return { format: FORMAT, store_inference_inputs: value.store_inference_inputs, updated_at: String(value.updated_at ?? ''), updated_by: String(value.updated_by ?? '') };
  } catch {
    return null;
  }
}
