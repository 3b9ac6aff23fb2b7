import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { InferenceResultDto, LoadModelResultDto, SegmentPairDto, SegmentQueryDto, SegmentResultDto } from '../dtos/inference.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { InferenceService } from '../services/inference.service';

class MaskFormatDto {
  @IsOptional() @IsIn(['png', 'nifti'], { message: 'format must be png or nifti' }) format?: 'png' | 'nifti';
}

class ResultIdDto {
  @IsUUID('4', { message: 'id must be an inference result id (a UUID)' }) id!: string;
}

@ApiTags('inference')
@Controller()
export class InferenceController {
  constructor(private readonly inference: InferenceService) {}

  @Post('models/:id/load')
  @HttpCode(200)
  @ApiOkResponse({ type: LoadModelResultDto, description: 'The model is warm in the ml-service' })
  load(@Param() { id }: ModelIdDto): Promise<LoadModelResultDto> {
    return this.inference.load(id);
  }

  @Post('models/:id/segment')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOkResponse({ type: SegmentResultDto, description: 'Field "image" (PNG, JPEG, DICOM, NIfTI) and optional "sliceIndex"' })
  segment(@Param() { id }: ModelIdDto, @Query() query: SegmentQueryDto, @Req() req: Request): Promise<SegmentResultDto> {
    return this.inference.segmentUpload(id, req, query.persist);
  }

  @Post('models/:id/segment-pair')
  @HttpCode(200)
  @ApiOkResponse({ type: SegmentResultDto, description: 'A dataset pair, scored against its ground truth' })
  segmentPair(@Param() { id }: ModelIdDto, @Query() query: SegmentQueryDto, @Body() body: SegmentPairDto): Promise<SegmentResultDto> {
    return this.inference.segmentPair(id, body, query.persist);
  }

  @Get('models/:id/results')
  @ApiOkResponse({ type: [InferenceResultDto] })
  results(@Param() { id }: ModelIdDto): Promise<InferenceResultDto[]> {
    return this.inference.list(id);
  }

  @Get('inference-results/:id')
  @ApiOkResponse({ type: SegmentResultDto, description: 'A stored result, as the viewer shows it' })
  open(@Param() { id }: ResultIdDto): Promise<SegmentResultDto> {
    return this.inference.open(id);
  }

  @Get('inference-results/:id/mask')
  @ApiProduces('image/png', 'application/gzip')
  @ApiOkResponse({ description: 'PNG of class indices; ?format=nifti: NIfTI of label values on the input grid' })
  async mask(
    @Param() { id }: ResultIdDto,
    @Query() { format }: MaskFormatDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const nifti = format === 'nifti';
    const file = await this.inference.resultFile(id, nifti ? 'mask-nifti' : 'mask');
    res.setHeader('Content-Disposition', `attachment; filename="mask-${id}${nifti ? '.nii.gz' : '.png'}"`);
    return new StreamableFile(file.body, { type: nifti ? 'application/gzip' : 'image/png', length: file.contentLength });
  }

  @Get('inference-results/:id/input')
  async input(@Param() { id }: ResultIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.inference.resultFile(id, 'input');
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body, { type: file.contentType ?? 'application/octet-stream', length: file.contentLength });
  }
}
