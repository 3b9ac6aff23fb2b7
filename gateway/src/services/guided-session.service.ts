import { GoneException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { type OpenSessionDto, type PromptDto, type SessionDto, mapSession, toPromptPb } from '../dtos/guided-session.dto';
import type { OpenSessionRequest, PromptResponse } from '../generated/medseg/v1/session_service';
import { MlRepository } from '../repositories/ml.repository';
import type { ReceivedFile } from '../util/multipart';
import type { Caller } from '../auth/caller';
import { ModelSourceService } from './model-source.service';
import { VolumeCaseSource } from './volume-case-source.service';
import { CONFIG } from '../tokens';
import { datasetLimits } from './dataset-limits';
import { PRESIGN_S } from './storage-layout';

/** A prompt's answer as the route sends it: the changed voxels, where, and how long it took. */
export interface PromptResult {
  response: PromptResponse;
  gatewayMs: number;
}

/**
 * Guided sessions on the ml-service: the image is sent once when a session opens, each prompt list
 * after it gets back only the voxels that changed. The sessions live in the ml-service's memory
 * and belong to the caller (their owner is the caller's user id); nothing is stored here.
 */
@Injectable()
export class GuidedSessionService {
  private readonly logger = new Logger(GuidedSessionService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly ml: MlRepository,
    private readonly sources: ModelSourceService,
    private readonly cases: VolumeCaseSource,
  ) {}

  /** On a stored case: the caller must be allowed to use both the model and the dataset (as segment-case). */
  async openOnCase(caller: Caller, modelId: string, body: Required<OpenSessionDto>): Promise<SessionDto> {
    const model = await this.sources.completed(caller, modelId, 'open a session with', PRESIGN_S.immediate);
    const found = await this.cases.load(caller, body.datasetId, body.caseIndex, model);
    return this.open(caller, modelId, { model: model.source, datasetCase: found.image });
  }

  /** On an upload (field "image", any format segment-volume takes). */
  async openOnUpload(caller: Caller, modelId: string, read: () => Promise<ReceivedFile>): Promise<SessionDto> {
    // The model is checked before the upload is read: nothing is taken in for a model the caller may not use.
    const model = await this.sources.completed(caller, modelId, 'open a session with', PRESIGN_S.immediate);
    const file = await read();
    return this.open(caller, modelId, { model: model.source, upload: { data: file.data, fileName: file.fileName, sliceIndex: 0 } });
  }

  async prompt(caller: Caller, sessionId: string, prompts: PromptDto[]): Promise<PromptResult> {
    const started = performance.now();
    const response = await gone(sessionId, this.ml.prompt({ sessionId, owner: caller.id, prompts: prompts.map(toPromptPb) }));
    return { response, gatewayMs: performance.now() - started };
  }

  async close(caller: Caller, sessionId: string): Promise<void> {
    await gone(sessionId, this.ml.closeSession({ sessionId, owner: caller.id }));
    this.logger.log(`Session ${sessionId} closed by user ${caller.id}`);
  }

  private async open(caller: Caller, modelId: string, input: Omit<OpenSessionRequest, 'limits' | 'owner'>): Promise<SessionDto> {
    const response = await this.ml.openSession({ ...input, limits: datasetLimits(this.config.datasets), owner: caller.id });
    const g = response.grid;
    this.logger.log(`Session ${response.sessionId} of model ${modelId} opened for user ${caller.id} (${g?.sizeX}x${g?.sizeY}x${g?.sizeZ})`);
    return mapSession(modelId, response);
  }
}

/** The ml-service forgets sessions (expiry, restart): the browser opens a new one and sends its prompts again. */
async function gone<T>(sessionId: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof NotFoundException) {
      throw new GoneException(`Session ${sessionId} is gone (it expired or the ml-service restarted): open a new one with POST /api/models/:id/sessions and send the prompts again`);
    }
    throw error;
  }
}
