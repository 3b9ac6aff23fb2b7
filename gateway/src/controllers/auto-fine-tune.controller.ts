import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { AutoFineTuneDto, SetAutoFineTuneDto } from '../dtos/auto-fine-tune.dto';
import { DatasetIdDto } from '../dtos/dataset.dto';
import { AutoFineTuneService } from '../services/auto-fine-tune.service';

@ApiTags('datasets')
@Controller('datasets')
export class AutoFineTuneController {
  constructor(private readonly rules: AutoFineTuneService) {}

  @Get(':id/auto-fine-tune')
  @ApiOkResponse({ type: AutoFineTuneDto, description: 'The rule (enabled false when never set) and where it stands: new masks so far, a fine-tune it is waiting for' })
  @ApiNotFoundResponse()
  get(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto): Promise<AutoFineTuneDto> {
    return this.rules.get(caller, id);
  }

  @Put(':id/auto-fine-tune')
  @MinRole('researcher')
  @ApiOkResponse({ type: AutoFineTuneDto, description: 'After N new masks a fine-tune is queued on its own, as the user who set the rule' })
  @ApiBadRequestResponse({ description: 'A field is out of range, or the model is of another dataset' })
  @ApiConflictResponse({ description: 'The model is not completed' })
  @ApiForbiddenResponse({ description: 'Not the dataset\'s owner or an admin' })
  @ApiNotFoundResponse()
  set(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto, @Body() body: SetAutoFineTuneDto): Promise<AutoFineTuneDto> {
    return this.rules.set(caller, id, body);
  }
}
