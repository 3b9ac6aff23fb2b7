import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CreateEvaluationDto, EvaluationDto, EvaluationIdDto, EvaluationImageDto } from '../dtos/evaluation.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { EvaluationService } from '../services/evaluation.service';
import { JOB_SSE_DESCRIPTION } from '../dtos/job-event.dto';
import { lastEventIdOf, writeSse } from '../util/sse';

@ApiTags('evaluations')
@Controller()
export class EvaluationController {
  constructor(private readonly evaluations: EvaluationService) {}

  @Post('models/:id/evaluations')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EvaluationDto, description: 'Evaluation queued on the ml-service' })
  @ApiBadRequestResponse({ description: "subset validation on another dataset, or label values the model does not know" })
  @ApiConflictResponse({ description: 'The model is not completed or the dataset not ready' })
  create(@Param() { id }: ModelIdDto, @Body() body: CreateEvaluationDto): Promise<EvaluationDto> {
    return this.evaluations.create(id, body);
  }

  @Get('models/:id/evaluations')
  @ApiOkResponse({ type: [EvaluationDto], description: 'Newest first' })
  list(@Param() { id }: ModelIdDto): Promise<EvaluationDto[]> {
    return this.evaluations.list(id);
  }

  @Get('evaluations/:id')
  @ApiOkResponse({ type: EvaluationDto })
  @ApiNotFoundResponse()
  get(@Param() { id }: EvaluationIdDto): Promise<EvaluationDto> {
    return this.evaluations.get(id);
  }

  @Get('evaluations/:id/images')
  @ApiOkResponse({ type: [EvaluationImageDto], description: 'Worst Dice first, failed images last' })
  images(@Param() { id }: EvaluationIdDto): Promise<EvaluationImageDto[]> {
    return this.evaluations.images(id);
  }

  @Get('evaluations/:id/report')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The report JSON (format medseg-evaluation-v1) as the ml-service wrote it' })
  @ApiConflictResponse({ description: 'Not completed' })
  async report(@Param() { id }: EvaluationIdDto): Promise<StreamableFile> {
    const file = await this.evaluations.report(id);
    return new StreamableFile(file.body, { type: 'application/json', length: file.contentLength });
  }

  @Get('evaluations/:id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: JOB_SSE_DESCRIPTION })
  async events(
    @Param() { id }: EvaluationIdDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    writeSse(req, res, await this.evaluations.events(id, lastEventIdOf(lastEventId, after)));
  }

  @Post('evaluations/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: EvaluationDto })
  @ApiConflictResponse({ description: 'Not queued or running' })
  cancel(@Param() { id }: EvaluationIdDto): Promise<EvaluationDto> {
    return this.evaluations.cancel(id);
  }

  @Delete('evaluations/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Still queued or running' })
  async delete(@Param() { id }: EvaluationIdDto): Promise<void> {
    await this.evaluations.delete(id);
  }
}
