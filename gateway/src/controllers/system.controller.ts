import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SystemDto } from '../dtos/system.dto';
import { SystemService } from '../services/system.service';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @ApiOkResponse({ type: SystemDto, description: 'The ml-service device, versions, memory and warm models' })
  @ApiServiceUnavailableResponse({ description: 'The ml-service is down' })
  getSystem(): Promise<SystemDto> {
    return this.system.getInfo();
  }
}
