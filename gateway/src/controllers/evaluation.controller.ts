import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, type StreamableFile } from '@nestjs/common';
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
import { OwnerQueryDto } from '../dtos/owner.dto';
import type { Response } from 'express';
import { BatchCompareDto, BatchCompareResultDto, CreateEvaluationDto, EvaluationDto, EvaluationIdDto, EvaluationImageDto } from '../dtos/evaluation.dto';
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
  create(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Body() body: CreateEvaluationDto): Promise<EvaluationDto> {
    return this.evaluations.create(caller, id, body);
  }

  @Post('evaluations/batch-compare')
  @MinRole('researcher')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: BatchCompareResultDto, description: 'One evaluation queued per accepted model on the dataset (all pairs); the others listed as refused with why' })
  @ApiBadRequestResponse({ description: 'A malformed body, or none of the models can be evaluated on the dataset' })
  @ApiNotFoundResponse({ description: 'The dataset does not exist or is not visible' })
  @ApiConflictResponse({ description: 'The dataset is not ready' })
  batchCompare(@CurrentUser() caller: Caller, @Body() body: BatchCompareDto): Promise<BatchCompareResultDto> {
    return this.evaluations.batchCompare(caller, body);
  }

  @Get('models/:id/evaluations')
  @ApiOkResponse({ type: [EvaluationDto], description: 'Newest first' })
  list(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: OwnerQueryDto): Promise<EvaluationDto[]> {
    return this.evaluations.list(caller, id, query.owner);
  }

  @Get('evaluations/:id')
  @ApiOkResponse({ type: EvaluationDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() caller: Caller, @Param() { id }: EvaluationIdDto): Promise<EvaluationDto> {
    return this.evaluations.get(caller, id);
  }

  @Get('evaluations/:id/images')
  @ApiOkResponse({ type: [EvaluationImageDto], description: 'Worst Dice first, failed images last' })
  images(@CurrentUser() caller: Caller, @Param() { id }: EvaluationIdDto): Promise<EvaluationImageDto[]> {
    return this.evaluations.images(caller, id);
  }

  @Get('evaluations/:id/report')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The report JSON as the ml-service wrote it (format medseg-evaluation-v2; older jobs v1; docs/evaluation.md)' })
  @ApiConflictResponse({ description: 'Not completed' })
  async report(@CurrentUser() caller: Caller, @Param() { id }: EvaluationIdDto): Promise<StreamableFile> {
    return fileResponse(await this.evaluations.report(caller, id), 'application/json');
  }

  @JobEventsRoute('evaluations/:id/events')
  async events(@CurrentUser() caller: Caller, @Param() { id }: EvaluationIdDto, @LastEventId() lastEventId: number, @Res() res: Response): Promise<void> {
    writeSse(res, await this.evaluations.events(caller, id, lastEventId));
  }

  @JobCancelRoute('evaluations/:id/cancel', EvaluationDto, 'Not queued or running')
  cancel(@CurrentUser() caller: Caller, @Param() { id }: EvaluationIdDto): Promise<EvaluationDto> {
    return this.evaluations.cancel(caller, id);
  }

  @JobDeleteRoute('evaluations/:id', 'Still queued or running')
  async delete(@CurrentUser() caller: Caller, @Param() { id }: EvaluationIdDto): Promise<void> {
    await this.evaluations.delete(caller, id);
  }
}
