import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import type { DependencyHealthDto, DependencyName, HealthDto } from '../dtos/health.dto';
import { DatabaseRepository } from '../repositories/database.repository';
import { MlRepository } from '../repositories/ml.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { CONFIG } from '../tokens';

/** A health check must answer even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseRepository,
    private readonly storage: StorageRepository,
    private readonly ml: MlRepository,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Probes every dependency; `mapHealthStatus` makes the bare up/down of it for those who may not see the detail. */
  async check(): Promise<HealthDto> {
    const dependencies = await Promise.all([
      probe('sqlite', `SQLite ${this.config.dbPath}`, () => this.database.ping()),
      probe('s3', `S3 bucket ${this.storage.bucket} at ${this.storage.location}`, () => this.storage.ping()),
      probe('ml-service', `ml-service at ${this.ml.url}`, () => this.ml.getInfo(CHECK_TIMEOUT_MS)),
    ]);
    return { status: dependencies.every((d) => d.status === 'up') ? 'up' : 'down', dependencies };
  }
}

async function probe(name: DependencyName, where: string, check: () => Promise<unknown>): Promise<DependencyHealthDto> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${where} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name, status: 'up', latencyMs: elapsed(started), detail: where };
  } catch (error) {
    const detail = error instanceof HttpException || error instanceof Error ? error.message : String(error);
    return { name, status: 'down', latencyMs: elapsed(started), detail };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
