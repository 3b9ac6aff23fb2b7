import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { TrainingDefaultsDto, TrainingDefaultsQueryDto } from '../dtos/training-defaults.dto';
import { TrainingDefaultsService } from '../services/training-defaults.service';

@ApiTags('training')
@Controller('training')
export class TrainingController {
  constructor(private readonly defaults: TrainingDefaultsService) {}

  @Get('defaults')
  @ApiOkResponse({ type: TrainingDefaultsDto, description: "The ml-service's defaults and rules; with datasetId, unet_3d's defaults from its fingerprint" })
  @ApiNotFoundResponse({ description: 'No dataset with that id that the caller may see' })
  get(@CurrentUser() caller: Caller, @Query() { datasetId }: TrainingDefaultsQueryDto): Promise<TrainingDefaultsDto> {
    return this.defaults.forDataset(caller, datasetId);
  }
}
