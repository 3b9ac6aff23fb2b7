import { Body, Controller, Get, HttpCode, Param, Post, Res, type StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import type { Response } from 'express';
import { CreateEvaluationDto, EvaluationDto, EvaluationIdDto, EvaluationImageDto } from '../dtos/evaluation.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { EvaluationService } from '../services/evaluation.service';
import { fileResponse } from '../util/file-response';
import { writeSse } from '../util/sse';
import { JobCancelRoute, JobDeleteRoute, JobEventsRoute, LastEventId } from './job-routes';

@ApiTags('evaluations')
@Controller()
export class EvaluationController {
  constructor(private readonly evaluations: EvaluationService) {}

  @Post('models/:id/evaluations')
  @MinRole('researcher')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: EvaluationDto, description: 'Evaluation queued on the ml-service' })
  @ApiBadRequestResponse({ description: "subset validation on another dataset, or label values the model does not know" })
  @ApiConflictResponse({ description: 'The model is not completed or the dataset not ready' })
  create(@Param() { id }: ModelIdDto, @Body() body: CreateEvaluationDto, @CurrentUser() caller: Caller): Promise<EvaluationDto> {
    return this.evaluations.create(id, body, caller);
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
    return fileResponse(await this.evaluations.report(id), 'application/json');
  }

  @JobEventsRoute('evaluations/:id/events')
  async events(@Param() { id }: EvaluationIdDto, @LastEventId() lastEventId: number, @Res() res: Response): Promise<void> {
    writeSse(res, await this.evaluations.events(id, lastEventId));
  }

  @JobCancelRoute('evaluations/:id/cancel', EvaluationDto, 'Not queued or running')
  cancel(@Param() { id }: EvaluationIdDto, @CurrentUser() caller: Caller): Promise<EvaluationDto> {
    return this.evaluations.cancel(id, caller);
  }

  @JobDeleteRoute('evaluations/:id', 'Still queued or running')
  async delete(@Param() { id }: EvaluationIdDto, @CurrentUser() caller: Caller): Promise<void> {
    await this.evaluations.delete(id, caller);
  }
}
