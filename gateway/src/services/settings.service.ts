import { Inject, Injectable, Logger } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { CONFIG } from '../tokens';

/**
 * Settings an admin may change while the gateway runs, in one place: each starts from its
 * environment variable, and the admin page (issue 11) switches it here.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);
  private storeInputs: boolean;

  constructor(@Inject(CONFIG) config: GatewayConfig) {
    this.storeInputs = config.storeInferenceInputs;
  }

  /** Whether a stored inference result keeps the image it was made from (MEDSEG_STORE_INFERENCE_INPUTS). */
  get storeInferenceInputs(): boolean {
    return this.storeInputs;
  }

  setStoreInferenceInputs(value: boolean): void {
    if (value === this.storeInputs) return;
    this.storeInputs = value;
    this.logger.log(`Storing inference inputs turned ${value ? 'on' : 'off'}`);
  }
}
