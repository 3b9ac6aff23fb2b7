import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { InferenceResultDto, LoadModelResultDto, SegmentPairDto, SegmentQueryDto, SegmentResultDto } from '../dtos/inference.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { InferenceResultService, type MaskFormat, type ResultFile } from '../services/inference-result.service';
import { InferenceService } from '../services/inference.service';
import { IMAGE_FIELD, readFile } from '../util/multipart';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { OwnerQueryDto } from '../dtos/owner.dto';

/** Images travel inside one gRPC message; the ml-service accepts up to MEDSEG_ML_MAX_MESSAGE_MB. */
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;

class MaskFormatDto {
  @IsOptional() @IsIn(['png', 'color', 'nifti'], { message: 'format must be png, color or nifti' }) format?: MaskFormat;
}

class ResultIdDto {
  @IsUUID('4', { message: 'id must be an inference result id (a UUID)' }) id!: string;
}

@ApiTags('inference')
@Controller()
export class InferenceController {
  constructor(
    private readonly inference: InferenceService,
    private readonly results: InferenceResultService,
  ) {}

  @Post('models/:id/load')
  @HttpCode(200)
  @ApiOkResponse({ type: LoadModelResultDto, description: 'The model is warm in the ml-service' })
  load(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto): Promise<LoadModelResultDto> {
    return this.inference.load(caller, id);
  }

  @Post('models/:id/segment')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOkResponse({ type: SegmentResultDto, description: 'Field "image" (PNG, JPEG, DICOM, NIfTI) and optional "sliceIndex"' })
  async segment(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: SegmentQueryDto, @Req() req: Request): Promise<SegmentResultDto> {
    const file = await readFile(req, IMAGE_FIELD, MAX_IMAGE_BYTES);
    return this.inference.segmentUpload(caller, id, file, query.persist);
  }

  @Post('models/:id/segment-pair')
  @HttpCode(200)
  @ApiOkResponse({ type: SegmentResultDto, description: 'A dataset pair, scored against its ground truth' })
  segmentPair(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: SegmentQueryDto, @Body() body: SegmentPairDto): Promise<SegmentResultDto> {
    return this.inference.segmentPair(caller, id, body, query.persist);
  }

  @Get('models/:id/results')
  @ApiOkResponse({ type: [InferenceResultDto] })
  list(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: OwnerQueryDto): Promise<InferenceResultDto[]> {
    return this.results.list(caller, id, query.owner);
  }

  @Get('inference-results/:id')
  @ApiOkResponse({ type: SegmentResultDto, description: 'A stored result, as the viewer shows it' })
  open(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto): Promise<SegmentResultDto> {
    return this.results.open(caller, id);
  }

  @Delete('inference-results/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The result, its input and its masks are gone from S3 and the history' })
  async delete(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto): Promise<void> {
    await this.results.delete(caller, id);
  }

  @Get('inference-results/:id/mask')
  @ApiProduces('image/png', 'application/gzip')
  @ApiOkResponse({
    description: 'PNG of class indices; ?format=color: the same indices as a palette PNG a viewer shows in colour; ?format=nifti: NIfTI of label values on the input grid',
  })
  async mask(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Query() { format }: MaskFormatDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(await this.results.mask(caller, id, format ?? 'png'), res);
  }

  @Get('inference-results/:id/input')
  async input(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(await this.results.input(caller, id), res);
  }
}

function download(file: ResultFile, res: Response): StreamableFile {
  // The plain name for old clients (ASCII only: a header cannot carry more), the exact one beside it.
  const ascii = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  return new StreamableFile(file.body, { type: file.contentType ?? 'application/octet-stream', length: file.contentLength });
}
