import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { mapSystem, type SystemDto } from '../dtos/system.dto';
import { MlRepository } from '../repositories/ml.repository';
import { ModelRepository } from '../repositories/model.repository';
import { viewerOf } from './access/access-rules';

@Injectable()
export class SystemService {
  constructor(
    private readonly ml: MlRepository,
    private readonly models: ModelRepository,
  ) {}

  /** The ml-service's state; its warm models only as far as the caller may see them. */
  async getInfo(caller: Caller): Promise<SystemDto> {
    const info = mapSystem(await this.ml.getInfo());
    const visible = new Set(await this.models.visibleIds(info.loadedModels.map((m) => m.modelId), viewerOf(caller)));
    return { ...info, loadedModels: info.loadedModels.filter((m) => visible.has(m.modelId)) };
  }
}
