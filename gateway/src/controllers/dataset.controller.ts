import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import type { Request, Response } from 'express';
import {
  DatasetDetailDto,
  DatasetDto,
  DatasetIdDto,
  DatasetListQueryDto,
  DatasetPageDto,
  ImportDatasetDto,
  PairListQueryDto,
  PairPageDto,
  PairParamsDto,
} from '../dtos/dataset.dto';
import { DatasetIngestService } from '../services/dataset-ingest.service';
import { DatasetService } from '../services/dataset.service';
import { ARCHIVE_FIELD, receiveFile } from '../util/multipart';
import { fileResponse } from '../util/file-response';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetController {
  constructor(
    private readonly datasets: DatasetService,
    private readonly ingest: DatasetIngestService,
  ) {}

  @Post()
  @MinRole('researcher')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['archive'],
      properties: {
        name: { type: 'string', description: 'Defaults to the file name; send it before the file' },
        archive: { type: 'string', format: 'binary', description: 'ZIP with images/ and masks/' },
      },
    },
  })
  @ApiCreatedResponse({ type: DatasetDto, description: 'Stored; inspection runs in the background (status uploaded)' })
  @ApiBadRequestResponse({ description: 'Not a ZIP, no file, malformed request' })
  @ApiPayloadTooLargeResponse({ description: 'Over MEDSEG_DATASET_MAX_ARCHIVE_MB' })
  upload(@Req() req: Request, @CurrentUser() caller: Caller): Promise<DatasetDto> {
    return receiveFile(req, ARCHIVE_FIELD, (file) => this.ingest.upload(file, caller));
  }

  @Post('import')
  @MinRole('researcher')
  @ApiCreatedResponse({ type: DatasetDto, description: 'Downloaded and stored; inspection runs in the background' })
  @ApiBadRequestResponse({ description: 'Refused URL (scheme, private address, HTTP error) or not a ZIP' })
  importUrl(@Body() body: ImportDatasetDto, @Req() req: Request, @CurrentUser() caller: Caller): Promise<DatasetDto> {
    const clientGone = new AbortController();
    req.once('close', () => {
      if (!req.res?.writableEnded) clientGone.abort();
    });
    return this.ingest.importUrl(body.url, body.name, clientGone.signal, caller);
  }

  @Get()
  @ApiOkResponse({ type: DatasetPageDto })
  list(@Query() query: DatasetListQueryDto): Promise<DatasetPageDto> {
    return this.datasets.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DatasetDetailDto })
  @ApiNotFoundResponse()
  get(@Param() { id }: DatasetIdDto): Promise<DatasetDetailDto> {
    return this.datasets.get(id);
  }

  @Get(':id/pairs')
  @ApiOkResponse({ type: PairPageDto })
  pairs(@Param() { id }: DatasetIdDto, @Query() query: PairListQueryDto): Promise<PairPageDto> {
    return this.datasets.pairs(id, query);
  }

  @Get(':id/pairs/:index/thumbnail')
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The image with its mask over it, longest side 160 px' })
  thumbnail(@Param() { id, index }: PairParamsDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.pairImage(id, index, 'thumbnail', res);
  }

  @Get(':id/pairs/:index/preview')
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The image with its mask over it, longest side 512 px' })
  preview(@Param() { id, index }: PairParamsDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.pairImage(id, index, 'preview', res);
  }

  @Delete(':id')
  @MinRole('researcher')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Still being inspected, or used by a training job' })
  async delete(@Param() { id }: DatasetIdDto, @CurrentUser() caller: Caller): Promise<void> {
    await this.datasets.delete(id, caller);
  }

  private async pairImage(id: string, index: number, kind: 'thumbnail' | 'preview', res: Response): Promise<StreamableFile> {
    const image = await this.datasets.pairImage(id, index, kind);
    // A dataset's pairs never change after it is ready, so browsers may keep them.
    res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
    return fileResponse(image, 'image/png');
  }
}
