import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { HealthDto } from '../dtos/health.dto';
import { HealthService } from '../services/health.service';

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthDto, description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'At least one dependency is down; detail says which and where' })
  async getHealth(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const health = await this.health.check();
    res.status(health.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    // Everybody sees the detail until accounts land; then only admins, others mapHealthStatus(health).
    return health;
  }
}
