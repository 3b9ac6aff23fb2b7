import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import type { Response } from 'express';
import {
  CreateModelDto,
  HyperparameterRangeDto,
  ModelDefaultsDto,
  ModelDetailDto,
  ModelDto,
  ModelIdDto,
  ModelListQueryDto,
  ModelPageDto,
} from '../dtos/model.dto';
import { ModelService } from '../services/model.service';
import { writeSse } from '../util/sse';
import { JobCancelRoute, JobDeleteRoute, JobEventsRoute, LastEventId } from './job-routes';

@ApiTags('models')
@ApiExtraModels(HyperparameterRangeDto)
@Controller('models')
export class ModelController {
  constructor(private readonly models: ModelService) {}

  @Post()
  @MinRole('researcher')
  @ApiCreatedResponse({ type: ModelDto, description: 'Training queued on the ml-service' })
  @ApiBadRequestResponse({ description: 'A hyper-parameter is out of range (the message names it)' })
  @ApiConflictResponse({ description: 'The dataset is not ready' })
  create(@Body() body: CreateModelDto, @CurrentUser() caller: Caller): Promise<ModelDto> {
    return this.models.create(body, caller);
  }

  @Get('defaults')
  @ApiOkResponse({ type: ModelDefaultsDto, description: "The ml-service's defaults, ranges and input-size rules" })
  defaults(): Promise<ModelDefaultsDto> {
    return this.models.defaults();
  }

  @Get()
  @ApiOkResponse({ type: ModelPageDto })
  list(@Query() query: ModelListQueryDto): Promise<ModelPageDto> {
    return this.models.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ModelDetailDto })
  @ApiNotFoundResponse()
  get(@Param() { id }: ModelIdDto): Promise<ModelDetailDto> {
    return this.models.get(id);
  }

  @JobEventsRoute(':id/events')
  async events(@Param() { id }: ModelIdDto, @LastEventId() lastEventId: number, @Res() res: Response): Promise<void> {
    writeSse(res, await this.models.events(id, lastEventId));
  }

  @JobCancelRoute(':id/cancel', ModelDto, 'The model is not training')
  cancel(@Param() { id }: ModelIdDto, @CurrentUser() caller: Caller): Promise<ModelDto> {
    return this.models.cancel(id, caller);
  }

  @Post(':id/retry-upload')
  @MinRole('researcher')
  @HttpCode(200)
  @ApiOkResponse({ type: ModelDetailDto, description: 'The kept weights are uploaded; the model completes' })
  @ApiConflictResponse({ description: 'The model did not fail with storage_error, or the ml-service no longer keeps its weights' })
  retryUpload(@Param() { id }: ModelIdDto): Promise<ModelDetailDto> {
    return this.models.retryUpload(id);
  }

  @JobDeleteRoute(':id', 'Still training')
  async delete(@Param() { id }: ModelIdDto, @CurrentUser() caller: Caller): Promise<void> {
    await this.models.delete(id, caller);
  }
}
