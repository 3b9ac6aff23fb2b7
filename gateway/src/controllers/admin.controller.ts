import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MinRole } from '../auth/auth.decorators';
import { ResyncResultDto } from '../dtos/dataset.dto';
import { AccountResyncService } from '../services/account-resync.service';
import { AuditService } from '../services/audit.service';
import { DatasetResyncService } from '../services/dataset-resync.service';

@ApiTags('admin')
@MinRole('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly resyncService: DatasetResyncService,
    private readonly accountResync: AccountResyncService,
    private readonly audit: AuditService,
  ) {}

  @Post('resync')
  @HttpCode(200)
  @ApiOkResponse({ type: ResyncResultDto, description: 'The SQLite cache rebuilt from the records in S3' })
  async resync(): Promise<ResyncResultDto> {
    // Accounts first: everything else will soon name its owner.
    const accounts = await this.accountResync.resync();
    const data = await this.resyncService.resync();
    const audit = await this.audit.resync();
    return {
      ...data,
      users: accounts.users,
      tokens: accounts.tokens,
      auditEvents: audit.events,
      removed: data.removed + accounts.removed + audit.removed,
      skipped: [...accounts.skipped, ...data.skipped, ...audit.skipped],
    };
  }
}
