import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SystemDto } from '../dtos/system.dto';
import { SystemService } from '../services/system.service';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @ApiOkResponse({ type: SystemDto, description: 'The ml-service device, versions, memory and warm models' })
  @ApiServiceUnavailableResponse({ description: 'The ml-service is down' })
  getSystem(@CurrentUser() caller: Caller): Promise<SystemDto> {
    return this.system.getInfo(caller);
  }
}
