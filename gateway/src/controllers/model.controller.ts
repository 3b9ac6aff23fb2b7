import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
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
import { JOB_SSE_DESCRIPTION } from '../dtos/job-event.dto';
import { lastEventIdOf, writeSse } from '../util/sse';

@ApiTags('models')
@ApiExtraModels(HyperparameterRangeDto)
@Controller('models')
export class ModelController {
  constructor(private readonly models: ModelService) {}

  @Post()
  @ApiCreatedResponse({ type: ModelDto, description: 'Training queued on the ml-service' })
  @ApiBadRequestResponse({ description: 'A hyper-parameter is out of range (the message names it)' })
  @ApiConflictResponse({ description: 'The dataset is not ready' })
  create(@Body() body: CreateModelDto): Promise<ModelDto> {
    return this.models.create(body);
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

  @Get(':id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: JOB_SSE_DESCRIPTION })
  async events(
    @Param() { id }: ModelIdDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    writeSse(req, res, await this.models.events(id, lastEventIdOf(lastEventId, after)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ModelDto })
  @ApiConflictResponse({ description: 'The model is not training' })
  cancel(@Param() { id }: ModelIdDto): Promise<ModelDto> {
    return this.models.cancel(id);
  }

  @Post(':id/retry-upload')
  @HttpCode(200)
  @ApiOkResponse({ type: ModelDetailDto, description: 'The kept weights are uploaded; the model completes' })
  @ApiConflictResponse({ description: 'The model did not fail with storage_error, or the ml-service no longer keeps its weights' })
  retryUpload(@Param() { id }: ModelIdDto): Promise<ModelDetailDto> {
    return this.models.retryUpload(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Still training' })
  async delete(@Param() { id }: ModelIdDto): Promise<void> {
    await this.models.delete(id);
  }
}
