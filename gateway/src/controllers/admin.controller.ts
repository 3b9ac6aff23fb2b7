import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ResyncResultDto } from '../dtos/dataset.dto';
import { DatasetResyncService } from '../services/dataset-resync.service';

@ApiTags('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly resyncService: DatasetResyncService) {}

  @Post('resync')
  @HttpCode(200)
  @ApiOkResponse({ type: ResyncResultDto, description: 'The SQLite cache rebuilt from the manifests in S3' })
  resync(): Promise<ResyncResultDto> {
    return this.resyncService.resync();
  }
}
