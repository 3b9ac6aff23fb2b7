import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MinRole } from '../auth/auth.decorators';
import { MetricsService } from '../services/metrics.service';

@ApiTags('system')
@MinRole('admin')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description:
      "Prometheus text format: the gateway's metrics (HTTP requests by route and status, jobs, job durations, S3 errors, the process), then the ml-service's (model cache, inference stages, its jobs, GPU memory) and medseg_ml_service_up. Admins only: scrape with an admin's API token as a bearer token.",
  })
  get(): Promise<string> {
    return this.metrics.scrape();
  }
}
