import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MinRole } from '../auth/auth.decorators';
import { AuditPageDto, AuditQueryDto } from '../dtos/audit.dto';
import { AuditService } from '../services/audit.service';

@ApiTags('admin')
@MinRole('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto, description: 'Audit events, newest first; filters combine' })
  list(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
