import { Injectable, Logger } from '@nestjs/common';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { MlRepository } from '../repositories/ml.repository';

/** A scrape waits this long for the ml-service; Prometheus' own default timeout is 10 s. */
const ML_METRICS_TIMEOUT_MS = 3000;

@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly ml: MlRepository,
  ) {}

  /** The gateway's metrics, then the ml-service's; without it, medseg_ml_service_up says 0. */
  async scrape(): Promise<string> {
    const own = await this.metrics.registry.metrics();
    let ml = '';
    try {
      ml = (await this.ml.getMetrics(ML_METRICS_TIMEOUT_MS)).text;
    } catch (error) {
      this.logger.warn(`ml-service metrics unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const up = [
      '# HELP medseg_ml_service_up Whether the ml-service answered this scrape (1) or not (0)',
      '# TYPE medseg_ml_service_up gauge',
      `medseg_ml_service_up ${ml ? 1 : 0}`,
    ].join('\n');
    return `${own.trimEnd()}\n${up}\n${ml}`;
  }
}
