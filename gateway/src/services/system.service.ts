import { Injectable } from '@nestjs/common';
import { mapSystem, type SystemDto } from '../dtos/system.dto';
import { MlRepository } from '../repositories/ml.repository';

@Injectable()
export class SystemService {
  constructor(private readonly ml: MlRepository) {}

  async getInfo(): Promise<SystemDto> {
    return mapSystem(await this.ml.getInfo());
  }
}
