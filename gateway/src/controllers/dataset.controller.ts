import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { VisibilityBodyDto } from '../dtos/owner.dto';
import type { Request, Response } from 'express';
import {
  CaseImageQueryDto,
  CaseListQueryDto,
  CaseParamsDto,
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
import { CasePageDto } from '../dtos/dataset-volume.dto';
import {
  AnnotationConflictBodyDto,
  AnnotationDto,
  AnnotationQueueDto,
  AnnotationQueueQueryDto,
  DatasetVersionDto,
  SavedAnnotationDto,
  VersionParamsDto,
  VersionQueryDto,
} from '../dtos/dataset-version.dto';
import { AnnotationService } from '../services/annotation.service';
import { AnnotationQueueService } from '../services/annotation-queue.service';
import { DatasetVersionService } from '../services/dataset-version.service';
import { DatasetIngestService } from '../services/dataset-ingest.service';
import { type CaseVolumeKind, DatasetService, type PairImage } from '../services/dataset.service';
import { ARCHIVE_FIELD, type FileField, readFiles, receiveFile } from '../util/multipart';
import { fileResponse } from '../util/file-response';

@ApiTags('datasets')
@Controller('datasets')
export class DatasetController {
  constructor(
    private readonly datasets: DatasetService,
    private readonly ingest: DatasetIngestService,
    private readonly versions: DatasetVersionService,
    private readonly annotations: AnnotationService,
    private readonly annotationQueue: AnnotationQueueService,
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
  upload(@CurrentUser() caller: Caller, @Req() req: Request): Promise<DatasetDto> {
    return receiveFile(req, ARCHIVE_FIELD, (file) => this.ingest.upload(caller, file));
  }

  @Post('import')
  @MinRole('researcher')
  @ApiCreatedResponse({ type: DatasetDto, description: 'Downloaded and stored; inspection runs in the background' })
  @ApiBadRequestResponse({ description: 'Refused URL (scheme, private address, HTTP error) or not a ZIP' })
  importUrl(@CurrentUser() caller: Caller, @Body() body: ImportDatasetDto, @Req() req: Request): Promise<DatasetDto> {
    const clientGone = new AbortController();
    req.once('close', () => {
      if (!req.res?.writableEnded) clientGone.abort();
    });
    return this.ingest.importUrl(caller, body.url, body.name, clientGone.signal);
  }

  @Get()
  @ApiOkResponse({ type: DatasetPageDto })
  list(@CurrentUser() caller: Caller, @Query() query: DatasetListQueryDto): Promise<DatasetPageDto> {
    return this.datasets.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DatasetDetailDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto): Promise<DatasetDetailDto> {
    return this.datasets.get(caller, id);
  }

  @Put(':id/visibility')
  @MinRole('researcher')
  @ApiOkResponse({ type: DatasetDetailDto, description: 'shared: everyone signed in may see and use it; private: its owner and admins' })
  @ApiForbiddenResponse({ description: 'Not its owner or an admin' })
  @ApiNotFoundResponse()
  setVisibility(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto, @Body() body: VisibilityBodyDto): Promise<DatasetDetailDto> {
    return this.datasets.setVisibility(caller, id, body.visibility);
  }

  @Get(':id/pairs')
  @ApiOkResponse({ type: PairPageDto })
  pairs(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto, @Query() query: PairListQueryDto): Promise<PairPageDto> {
    return this.datasets.pairs(caller, id, query);
  }

  @Get(':id/pairs/:index/thumbnail')
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The image with its mask over it, longest side 160 px' })
  thumbnail(@CurrentUser() caller: Caller, @Param() { id, index }: PairParamsDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.pairImage(caller, id, index, 'thumbnail', res);
  }

  @Get(':id/pairs/:index/preview')
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The image with its mask over it, longest side 512 px' })
  preview(@CurrentUser() caller: Caller, @Param() { id, index }: PairParamsDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.pairImage(caller, id, index, 'preview', res);
  }

  @Get(':id/cases')
  @ApiOkResponse({ type: CasePageDto, description: 'The volumes, in index order; empty for a dataset of 2D images' })
  @ApiNotFoundResponse()
  cases(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto, @Query() query: CaseListQueryDto): Promise<CasePageDto> {
    return this.datasets.cases(caller, id, query);
  }

  @Get(':id/cases/:index/image.nii.gz')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: "One channel of the case as gzipped NIfTI, on the input's own grid" })
  @ApiNotFoundResponse({ description: 'No such case or channel' })
  caseImage(
    @CurrentUser() caller: Caller,
    @Param() { id, index }: CaseParamsDto,
    @Query() { channel }: CaseImageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.caseVolume(caller, id, index, 'image', channel, res);
  }

  @Get(':id/cases/:index/mask.nii.gz')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'The label volume (label values) as gzipped NIfTI, on the same grid' })
  @ApiNotFoundResponse({ description: 'No such case, or an unlabeled case (no mask)' })
  caseMask(
    @CurrentUser() caller: Caller,
    @Param() { id, index }: CaseParamsDto,
    @Query() { version }: VersionQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.caseVolume(caller, id, index, 'mask', 0, res, version);
  }

  @Get(':id/versions')
  @ApiOkResponse({ type: [DatasetVersionDto], description: 'Oldest first; version 1 is the dataset as uploaded' })
  @ApiNotFoundResponse()
  listVersions(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto): Promise<DatasetVersionDto[]> {
    return this.versions.list(caller, id);
  }

  @Get(':id/versions/:n/archive.zip')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The version as a ZIP in the layout it came in (version 1: the archive as uploaded)' })
  @ApiNotFoundResponse({ description: 'No such dataset or version' })
  async versionArchive(@CurrentUser() caller: Caller, @Param() { id, n }: VersionParamsDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return fileResponse(await this.versions.archive(caller, id, n), 'application/zip', res);
  }

  @Get(':id/annotation-queue')
  @ApiOkResponse({ type: AnnotationQueueDto, description: 'The cases unlabeled in the latest version; with modelId, most uncertain first' })
  @ApiConflictResponse({ description: 'The dataset cannot be annotated (not ready, or stored before 2D images were cases), or the model is not completed' })
  @ApiNotFoundResponse()
  queue(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto, @Query() query: AnnotationQueueQueryDto, @Req() req: Request): Promise<AnnotationQueueDto> {
    const clientGone = new AbortController();
    req.once('close', () => {
      if (!req.res?.writableEnded) clientGone.abort();
    });
    return this.annotationQueue.queue(caller, id, query, clientGone.signal);
  }

  @Get(':id/cases/:index/annotations')
  @ApiOkResponse({ type: [AnnotationDto], description: "The case's saved masks, oldest first" })
  @ApiNotFoundResponse()
  caseAnnotations(@CurrentUser() caller: Caller, @Param() { id, index }: CaseParamsDto): Promise<AnnotationDto[]> {
    return this.versions.history(caller, id, index);
  }

  @Post(':id/cases/:index/annotations')
  @MinRole('researcher')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['mask', 'baseVersion', 'proposalSource'],
      properties: {
        baseVersion: { type: 'integer', description: 'The version the person opened; send the fields before the files' },
        proposalSource: { type: 'string', enum: ['model', 'ground-truth', 'empty', 'previous'] },
        proposalModelId: { type: 'string', description: 'When proposalSource is model' },
        secondsSpent: { type: 'number' },
        onConflict: { type: 'string', enum: ['fail', 'keep-both'], default: 'fail' },
        mask: { type: 'string', format: 'binary', description: ".nii.gz/.nii on the case's grid, or .png for a one-slice case" },
        proposal: { type: 'string', format: 'binary', description: 'Optional: the mask the person started from' },
      },
    },
  })
  @ApiCreatedResponse({ type: SavedAnnotationDto, description: 'Saved as the next dataset version' })
  @ApiBadRequestResponse({ description: "A bad mask (the ml-service's reason) or field" })
  @ApiConflictResponse({ type: AnnotationConflictBodyDto, description: 'A later version changed the same case (send onConflict=keep-both to save anyway)' })
  @ApiForbiddenResponse({ description: 'May not edit the dataset' })
  @ApiPayloadTooLargeResponse({ description: 'Over the dataset limits (MEDSEG_DATASET_MAX_VOLUME_MB)' })
  async saveAnnotation(@CurrentUser() caller: Caller, @Param() { id, index }: CaseParamsDto, @Req() req: Request): Promise<SavedAnnotationDto> {
    await this.annotations.annotatable(caller, id, index);
    const { files, fields } = await readFiles(req, MASK_FIELD, [PROPOSAL_FIELD], {
      maxBytes: this.annotations.maxMaskBytes,
      setting: 'MEDSEG_DATASET_MAX_VOLUME_MB',
    });
    return this.annotations.save(caller, id, index, { mask: files.mask, proposal: files.proposal, fields });
  }

  @Delete(':id')
  @MinRole('researcher')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Still being inspected, or used by a training job' })
  @ApiForbiddenResponse({ description: 'Not its owner or an admin' })
  async delete(@CurrentUser() caller: Caller, @Param() { id }: DatasetIdDto): Promise<void> {
    await this.datasets.delete(caller, id);
  }

  private async pairImage(caller: Caller, id: string, index: number, kind: 'thumbnail' | 'preview', res: Response): Promise<StreamableFile> {
    return immutable(await this.datasets.pairImage(caller, id, index, kind), 'image/png', res);
  }

  private async caseVolume(
    caller: Caller,
    id: string,
    index: number,
    kind: CaseVolumeKind,
    channel: number,
    res: Response,
    version?: number,
  ): Promise<StreamableFile> {
    const file = await this.datasets.caseVolume(caller, id, index, kind, channel, version);
    // A mask without a version is the latest one's, which the next save changes.
    if (kind === 'mask' && version === undefined) {
      res.setHeader('Cache-Control', 'private, no-cache');
      return fileResponse(file, 'application/gzip');
    }
    return immutable(file, 'application/gzip', res);
  }
}

const MASK_FIELD: FileField = { field: 'mask', what: 'the mask', defaultName: 'mask.nii.gz' };
const PROPOSAL_FIELD: FileField = { field: 'proposal', what: 'the proposal', defaultName: 'proposal.nii.gz' };

/** A dataset's pairs, images and versioned masks never change after it is ready, so browsers may keep them. */
function immutable(file: PairImage, type: string, res: Response): StreamableFile {
  res.setHeader('Cache-Control', 'private, max-age=86400, immutable');
  return fileResponse(file, type);
}
