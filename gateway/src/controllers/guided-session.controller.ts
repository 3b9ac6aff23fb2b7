import { BadRequestException, Body, Controller, Delete, HttpCode, Inject, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import { OpenSessionDto, PromptListDto, SessionDto, SessionIdDto, maskBox } from '../dtos/guided-session.dto';
import { ModelIdDto } from '../dtos/model.dto';
import { GuidedSessionService } from '../services/guided-session.service';
import { CONFIG } from '../tokens';
import { IMAGE_FIELD, isMultipart, readFile } from '../util/multipart';

@ApiTags('guided sessions')
@Controller()
export class GuidedSessionController {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly sessions: GuidedSessionService,
  ) {}

  @Post('models/:id/sessions')
  @HttpCode(201)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: OpenSessionDto, description: 'JSON {datasetId, caseIndex} for a stored case, or multipart with the image in field "image" (as segment-volume)' })
  @ApiCreatedResponse({ type: SessionDto, description: 'The image is decoded, prepared and segmented once; prompts go to /api/sessions/:id/prompts' })
  @ApiTooManyRequestsResponse({ description: 'The ml-service holds as many sessions as it may: try again later' })
  open(@CurrentUser() caller: Caller, @Param() { id }: ModelIdDto, @Body() body: OpenSessionDto, @Req() req: Request): Promise<SessionDto> {
    if (isMultipart(req)) {
      const read = () => readFile(req, IMAGE_FIELD, { maxBytes: this.config.inference.maxUploadBytes, setting: 'MEDSEG_INFERENCE_MAX_UPLOAD_MB' });
      return this.sessions.openOnUpload(caller, id, read);
    }
    if (body.datasetId === undefined || body.caseIndex === undefined) {
      throw new BadRequestException('Send JSON {"datasetId": "<dataset id>", "caseIndex": <n>} for a stored case, or the image as multipart/form-data in a field named "image"');
    }
    return this.sessions.openOnCase(caller, id, { datasetId: body.datasetId, caseIndex: body.caseIndex });
  }

  @Post('sessions/:id/prompts')
  @HttpCode(200)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description:
      'zlib (RFC 1950) of one byte per voxel of the box in X-Mask-Box ("x,y,z,sizeX,sizeY,sizeZ"; all sizes 0: nothing changed), x fastest: the new class index, 255 where unchanged since the previous answer. X-Session-Revision counts the answers; Server-Timing says where the time went',
  })
  @ApiBadRequestResponse({ description: "A prompt the session cannot take (outside the grid, a plane a 2D model cannot take, too many): the ml-service's words" })
  @ApiForbiddenResponse({ description: "Another user's session" })
  @ApiGoneResponse({ description: 'The session expired or the ml-service restarted: open a new one and send the prompts again' })
  async prompt(@CurrentUser() caller: Caller, @Param() { id }: SessionIdDto, @Body() body: PromptListDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { response, gatewayMs } = await this.sessions.prompt(caller, id, body.prompts);
    const t = response.timings;
    res.setHeader('X-Mask-Box', maskBox(response.changed));
    res.setHeader('X-Session-Revision', String(response.revision));
    res.setHeader('Server-Timing', `ml;dur=${ms(t?.totalMs)}, forward;dur=${ms(t?.forwardMs)}, encode;dur=${ms(t?.encodeMs)}, gateway;dur=${ms(gatewayMs)}`);
    const voxels = response.changed?.voxels ?? new Uint8Array();
    // The message's own bytes, not a copy.
    return new StreamableFile(Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength), { type: 'application/octet-stream', length: voxels.byteLength });
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session and what it held are freed on the ml-service' })
  @ApiForbiddenResponse({ description: "Another user's session" })
  @ApiGoneResponse({ description: 'The session had already expired' })
  async close(@CurrentUser() caller: Caller, @Param() { id }: SessionIdDto): Promise<void> {
    await this.sessions.close(caller, id);
  }
}

function ms(value: number | undefined): string {
  return (value ?? 0).toFixed(1);
}
