import { Controller, Get, Param, Query, Res, type StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ExportQueryDto } from '../dtos/export.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { ExportService } from '../services/export.service';
import { fileResponse } from '../util/file-response';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';

@ApiTags('models')
@Controller('models')
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get(':id/export')
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'ZIP with the model file, model.json and export.json; headers X-Medseg-Opset (0 for TorchScript) and X-Medseg-Max-Abs-Difference',
  })
  @ApiBadRequestResponse({ description: 'Unknown format or opset out of range (the message lists the allowed values)' })
  @ApiConflictResponse({ description: 'The model is not completed' })
  async export(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Query() query: ExportQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.exports.export(caller, id, query.format, query.opset);
    res.setHeader('X-Medseg-Opset', String(file.opset));
    res.setHeader('X-Medseg-Max-Abs-Difference', String(file.maxAbsDifference));
    return fileResponse(file, 'application/zip', res);
  }
}
