import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Public } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { HealthDto, type HealthStatusDto, mapHealthStatus } from '../dtos/health.dto';
import { HealthService } from '../services/health.service';

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthDto, description: 'Every dependency is up; `dependencies` only for admins, `{status}` for everyone else' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'At least one dependency is down; admins see which, where and why' })
  async getHealth(@CurrentUser() caller: Caller | undefined, @Res({ passthrough: true }) res: Response): Promise<HealthDto | HealthStatusDto> {
    const health = await this.health.check();
    res.status(health.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    // Addresses and error texts of the dependencies say how the server is built: admins only.
    return caller?.role === 'admin' ? health : mapHealthStatus(health);
  }
}
