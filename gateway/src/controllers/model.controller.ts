import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { VisibilityBodyDto } from '../dtos/owner.dto';
import type { Response } from 'express';
import {
  CreateModelDto,
  FineTuneDto,
  HyperparameterRangeDto,
  ModelDefaultsDto,
  ModelDetailDto,
  ModelDto,
  ModelIdDto,
  ModelListQueryDto,
  ModelPageDto,
} from '../dtos/model.dto';
import { ModelGainDto } from '../dtos/model-gain.dto';
import { ModelGainService } from '../services/model-gain.service';
import { ModelService } from '../services/model.service';
import { writeSse } from '../util/sse';
import { JobCancelRoute, JobDeleteRoute, JobEventsRoute, LastEventId } from './job-routes';

@ApiTags('models')
@ApiExtraModels(HyperparameterRangeDto)
@Controller('models')
export class ModelController {
  constructor(
    private readonly models: ModelService,
    private readonly gains: ModelGainService,
  ) {}

  @Post()
  @MinRole('researcher')
  @ApiCreatedResponse({ type: ModelDto, description: 'Training queued on the ml-service' })
  @ApiBadRequestResponse({ description: 'A hyper-parameter is out of range (the message names it)' })
  @ApiConflictResponse({ description: 'The dataset is not ready' })
  create(@CurrentUser() caller: Caller, @Body() body: CreateModelDto): Promise<ModelDto> {
    return this.models.create(caller, body);
  }

  @Post(':id/fine-tune')
  @MinRole('researcher')
  @ApiCreatedResponse({ type: ModelDto, description: 'The child queued: same name (its next version), weights starting from this model' })
  @ApiBadRequestResponse({ description: 'No such dataset version, or a hyper-parameter out of range' })
  @ApiConflictResponse({ description: 'The model is not completed, or its dataset is not ready' })
  @ApiNotFoundResponse()
  fineTune(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Body() body: FineTuneDto): Promise<ModelDto> {
    return this.models.fineTune(caller, id, body);
  }

  @Get('defaults')
  @ApiOkResponse({ type: ModelDefaultsDto, description: "The ml-service's defaults, ranges and input-size rules" })
  defaults(): Promise<ModelDefaultsDto> {
    return this.models.defaults();
  }

  @Get()
  @ApiOkResponse({ type: ModelPageDto })
  list(@CurrentUser() caller: Caller, @Query() query: ModelListQueryDto): Promise<ModelPageDto> {
    return this.models.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ModelDetailDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<ModelDetailDto> {
    return this.models.get(caller, id);
  }

  @Get(':id/gain')
  @ApiOkResponse({ type: ModelGainDto, description: "A fine-tuned model against its parent on the same cases: its validation split at its dataset version" })
  @ApiConflictResponse({ description: 'The model was not fine-tuned from another' })
  @ApiNotFoundResponse()
  gain(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<ModelGainDto> {
    return this.gains.get(caller, id);
  }

  @Post(':id/gain')
  @MinRole('researcher')
  @HttpCode(200)
  @ApiOkResponse({ type: ModelGainDto, description: 'The missing (or failed) evaluations of the gain are queued' })
  @ApiConflictResponse({ description: 'The model or its parent is not completed, or it was not fine-tuned from another' })
  @ApiNotFoundResponse()
  startGain(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<ModelGainDto> {
    return this.gains.start(caller, id);
  }

  @Put(':id/visibility')
  @MinRole('researcher')
  @ApiOkResponse({ type: ModelDetailDto, description: 'shared: everyone signed in may see and use it; private: its owner and admins' })
  @ApiForbiddenResponse({ description: 'Not its owner or an admin' })
  @ApiNotFoundResponse()
  setVisibility(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Body() body: VisibilityBodyDto): Promise<ModelDetailDto> {
    return this.models.setVisibility(caller, id, body.visibility);
  }

  @JobEventsRoute(':id/events')
  async events(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @LastEventId() lastEventId: number, @Res() res: Response): Promise<void> {
    writeSse(res, await this.models.events(caller, id, lastEventId));
  }

  @JobCancelRoute(':id/cancel', ModelDto, 'The model is not training')
  cancel(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<ModelDto> {
    return this.models.cancel(caller, id);
  }

  @Post(':id/retry-upload')
  @MinRole('researcher')
  @HttpCode(200)
  @ApiOkResponse({ type: ModelDetailDto, description: 'The kept weights are uploaded; the model completes' })
  @ApiConflictResponse({ description: 'The model did not fail with storage_error, or the ml-service no longer keeps its weights' })
  retryUpload(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<ModelDetailDto> {
    return this.models.retryUpload(caller, id);
  }

  @JobDeleteRoute(':id', 'Still training')
  async delete(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<void> {
    await this.models.delete(caller, id);
  }
}
