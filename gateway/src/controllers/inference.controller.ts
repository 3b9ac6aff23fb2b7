import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiConsumes, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { InferenceResultDto, LoadModelResultDto, SegmentPairDto, SegmentQueryDto, SegmentResultDto } from '../dtos/inference.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { InferenceResultService, type MaskFormat, type ResultFile } from '../services/inference-result.service';
import { InferenceService } from '../services/inference.service';
import { InferenceVolumeService } from '../services/inference-volume.service';
import type { VolumeFile } from '../services/volume-result.service';
import { SegmentCaseDto, VolumeResultDto } from '../dtos/inference-volume.dto';
import type { GatewayConfig } from '../config';
import { CONFIG } from '../tokens';
import { IMAGE_FIELD, readFile } from '../util/multipart';
import { OwnerQueryDto } from '../dtos/owner.dto';
import { MirroringQueryDto } from '../dtos/mirroring.dto';

class ResultIdDto {
  @ApiProperty({ format: 'uuid', description: 'Inference result id' }) @IsUUID('4', { message: 'id must be an inference result id (a UUID)' }) id!: string;
}

class MaskFormatDto {
  @ApiPropertyOptional({ enum: ['png', 'color', 'nifti', 'dicom-seg'], description: 'png: class indices (a 2D result\'s default); color: the same as a palette PNG; nifti: label values on the input grid (a volume result\'s default); dicom-seg: for a DICOM series input' })
  @IsOptional() @IsIn(['png', 'color', 'nifti', 'dicom-seg'], { message: 'format must be png, color, nifti or dicom-seg' }) format?: MaskFormat;
}


@ApiTags('inference')
@Controller()
export class InferenceController {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly inference: InferenceService,
    private readonly results: InferenceResultService,
    private readonly volumes: InferenceVolumeService,
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
    // The model is checked before the image is read: nothing is taken in for a model the caller may not use.
    return this.inference.segmentUpload(caller, id, () => readFile(req, IMAGE_FIELD, { maxBytes: this.config.inference.maxUploadBytes, setting: 'MEDSEG_INFERENCE_MAX_UPLOAD_MB' }), query.persist, query.include, query.testTimeMirroring);
  }

  @Post('models/:id/segment-pair')
  @HttpCode(200)
  @ApiOkResponse({ type: SegmentResultDto, description: 'A dataset pair, scored against its ground truth' })
  segmentPair(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: SegmentQueryDto, @Body() body: SegmentPairDto): Promise<SegmentResultDto> {
    return this.inference.segmentPair(caller, id, body, query.persist, query.include, query.testTimeMirroring);
  }

  @Post('models/:id/segment-volume')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOkResponse({ type: VolumeResultDto, description: 'Field "image": NIfTI, NRRD, MHA, a ZIP of one DICOM series (or .mhd + .raw), or a 2D PNG/JPEG/DICOM; stored as an inference result' })
  segmentVolume(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: MirroringQueryDto, @Req() req: Request): Promise<VolumeResultDto> {
    const read = () => readFile(req, IMAGE_FIELD, { maxBytes: this.config.inference.maxUploadBytes, setting: 'MEDSEG_INFERENCE_MAX_UPLOAD_MB' });
    return this.volumes.segmentUpload(caller, id, read, query.testTimeMirroring, closedSignal(req));
  }

  @Post('models/:id/segment-case')
  @HttpCode(200)
  @ApiOkResponse({ type: VolumeResultDto, description: 'A dataset case, whole, scored against its ground truth; stored as an inference result' })
  segmentCase(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: MirroringQueryDto, @Body() body: SegmentCaseDto, @Req() req: Request): Promise<VolumeResultDto> {
    return this.volumes.segmentCase(caller, id, body, query.testTimeMirroring, closedSignal(req));
  }

  @Get('models/:id/results')
  @ApiOkResponse({ type: [InferenceResultDto] })
  list(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: OwnerQueryDto): Promise<InferenceResultDto[]> {
    return this.results.list(caller, id, query.owner);
  }

  @Get('inference-results/:id')
  @ApiExtraModels(VolumeResultDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(SegmentResultDto) }, { $ref: getSchemaPath(VolumeResultDto) }] }, description: 'A stored result, as the viewer shows it; a VolumeResultDto (kind "volume") for a volume' })
  open(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto): Promise<SegmentResultDto | VolumeResultDto> {
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
    description:
      'PNG of class indices; ?format=color: the same indices as a palette PNG a viewer shows in colour; ?format=nifti: NIfTI of label values on the input grid (a volume result\'s default); ?format=dicom-seg: the DICOM-SEG of a DICOM series input',
  })
  async mask(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Query() { format }: MaskFormatDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(await this.results.mask(caller, id, format), res);
  }

  @Get('inference-results/:id/volume/image.nii.gz')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: "A volume result's input as NIfTI on its own grid (a NIfTI upload as given), for the viewer" })
  volumeImage(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.volumeFile(caller, id, 'image', res);
  }

  @Get('inference-results/:id/volume/mask.nii.gz')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: "A volume result's predicted label values as NIfTI on the input's own grid" })
  volumeMask(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.volumeFile(caller, id, 'mask', res);
  }

  @Get('inference-results/:id/volume/ground-truth.nii.gz')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: "A dataset case result's ground-truth label values as NIfTI on the case's own grid" })
  volumeGroundTruth(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.volumeFile(caller, id, 'ground-truth', res);
  }

  private async volumeFile(caller: Caller, id: string, which: VolumeFile, res: Response): Promise<StreamableFile> {
    return download(await this.results.volumeFile(caller, id, which), res);
  }

  @Get('inference-results/:id/input')
  async input(@CurrentUser() caller: Caller, @Param() { id }: ResultIdDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(await this.results.input(caller, id), res);
  }
}

/** Aborted when the client goes away before the answer, so the ml-service stops segmenting for nobody. */
function closedSignal(req: Request): AbortSignal {
  const controller = new AbortController();
  // The response closes once it was sent, or earlier when the connection dropped (not finished then).
  req.res?.on('close', () => {
    if (!req.res?.writableFinished) controller.abort(new Error('The client closed the request'));
  });
  return controller.signal;
}

function download(file: ResultFile, res: Response): StreamableFile {
  // The plain name for old clients (ASCII only: a header cannot carry more), the exact one beside it.
  const ascii = file.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  return new StreamableFile(file.body, { type: file.contentType ?? 'application/octet-stream', length: file.contentLength });
}
