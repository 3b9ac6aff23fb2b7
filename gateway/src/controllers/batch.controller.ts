import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { OwnerQueryDto } from '../dtos/owner.dto';
import { MirroringQueryDto } from '../dtos/mirroring.dto';
import type { Request, Response } from 'express';
import { BatchDto, BatchIdDto, CreateBatchDto } from '../dtos/batch.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { type BatchFile, BatchService } from '../services/batch.service';
import { ARCHIVE_FIELD, isMultipart, receiveFile } from '../util/multipart';
import { fileResponse } from '../util/file-response';
import { writeSse } from '../util/sse';
import { JobCancelRoute, JobDeleteRoute, JobEventsRoute, LastEventId } from './job-routes';

@ApiTags('batches')
@Controller()
export class BatchController {
  constructor(private readonly batches: BatchService) {}

  @Post('models/:id/batches')
  @MinRole('researcher')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: CreateBatchDto, description: 'JSON {datasetId}, or multipart with a ZIP of images in field "archive"' })
  @ApiAcceptedResponse({ type: BatchDto, description: 'Batch queued on the ml-service' })
  @ApiBadRequestResponse({ description: 'The file is not a ZIP, or neither a file nor a datasetId was sent' })
  @ApiConflictResponse({ description: 'The model is not completed or the dataset not ready' })
  create(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() { testTimeMirroring }: MirroringQueryDto, @Body() body: CreateBatchDto, @Req() req: Request): Promise<BatchDto> {
    if (isMultipart(req)) return receiveFile(req, ARCHIVE_FIELD, (file) => this.batches.createFromUpload(caller, id, file, testTimeMirroring));
    if (!body.datasetId) {
      throw new BadRequestException('Send a ZIP of images as multipart/form-data in a field named "archive", or JSON {"datasetId": "<dataset id>"}');
    }
    return this.batches.createFromDataset(caller, id, body.datasetId, testTimeMirroring);
  }

  @Get('models/:id/batches')
  @ApiOkResponse({ type: [BatchDto], description: 'Newest first' })
  list(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: OwnerQueryDto): Promise<BatchDto[]> {
    return this.batches.list(caller, id, query.owner);
  }

  @Get('batches/:id')
  @ApiOkResponse({ type: BatchDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto): Promise<BatchDto> {
    return this.batches.get(caller, id);
  }

  @Get('batches/:id/masks')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'masks.zip: one mask per input, named after it' })
  masks(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.download(caller, id, 'masks', 'application/zip', res);
  }

  @Get('batches/:id/results.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per image: size, timings, metrics, error' })
  csv(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.download(caller, id, 'csv', 'text/csv; charset=utf-8', res);
  }

  @Get('batches/:id/report')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'batch.json (format medseg-batch-v1)' })
  async report(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto): Promise<StreamableFile> {
    return fileResponse(await this.batches.file(caller, id, 'report'), 'application/json');
  }

  @JobEventsRoute('batches/:id/events')
  async events(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto, @LastEventId() lastEventId: number, @Res() res: Response): Promise<void> {
    writeSse(res, await this.batches.events(caller, id, lastEventId));
  }

  @JobCancelRoute('batches/:id/cancel', BatchDto, 'Not queued or running')
  cancel(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto): Promise<BatchDto> {
    return this.batches.cancel(caller, id);
  }

  @JobDeleteRoute('batches/:id', 'Still queued or running')
  async delete(@CurrentUser() caller: Caller, @Param() { id }: BatchIdDto): Promise<void> {
    await this.batches.delete(caller, id);
  }

  private async download(caller: Caller, id: string, kind: BatchFile, type: string, res: Response): Promise<StreamableFile> {
    return fileResponse(await this.batches.file(caller, id, kind), type, res);
  }
}
