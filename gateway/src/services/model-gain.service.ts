import { ConflictException, HttpException, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { Caller } from '../auth/caller';
import type { ModelRow } from '../db/schema';
import type { EvaluationDto, EvaluationWithNames } from '../dtos/evaluation.dto';
import { ACTIVE_JOB_STATES } from '../dtos/job.dto';
import { type GainState, type ModelGainDto, gainMetrics, gainPerClass } from '../dtos/model-gain.dto';
import { EvaluationRepository } from '../repositories/evaluation.repository';
import { ModelRepository } from '../repositories/model.repository';
import { ActingUser } from './acting-user.service';
import { EvaluationService } from './evaluation.service';
import { JobEventBus } from './job-event-bus';
import { ResourceAccess } from './access/resource-access.service';

interface GainPair {
  child: ModelRow;
  parent: ModelRow | undefined;
  childEvaluation: EvaluationWithNames | undefined;
  parentEvaluation: EvaluationWithNames | undefined;
}

/**
 * The gain of a fine-tuned child over its parent (issue 13): both scored by ordinary evaluation
 * jobs on the child's validation split of the child's dataset version, so on the same cases with
 * the masks as corrected then. When a child completes, the two evaluations are queued on their own
 * (as its owner); GET reads them, POST queues what is missing or failed.
 */
@Injectable()
export class ModelGainService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelGainService.name);
  private subscription: Subscription | undefined;
  /** Children whose gain evaluations are being queued: a repeated completed event queues nothing twice. */
  private readonly queueing = new Set<string>();

  constructor(
    private readonly models: ModelRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly evaluationService: EvaluationService,
    private readonly access: ResourceAccess,
    private readonly acting: ActingUser,
    private readonly bus: JobEventBus,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.all().subscribe(({ jobId, event }) => {
      if (event.type !== 'status' || event.status?.state !== 'completed') return;
      void this.childCompleted(jobId).catch((error: unknown) => this.logger.warn(`Model ${jobId}: gain evaluations not queued: ${String(error)}`));
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  async get(caller: Caller, modelId: string): Promise<ModelGainDto> {
    const pair = await this.pair(await this.access.model(caller, modelId));
    return this.dto(caller, pair);
  }

  /** Queues the evaluations the gain lacks (none, or only failed ones); 409 while either model is not completed. */
  async start(caller: Caller, modelId: string): Promise<ModelGainDto> {
    const pair = await this.pair(await this.access.model(caller, modelId));
    if (stateOf(pair) === 'waiting-for-model') {
      throw new ConflictException(`Model ${pair.child.name} and its parent must both be completed before their gain can be evaluated`);
    }
    await this.queueMissing(caller, pair);
    return this.get(caller, modelId);
  }

  /** A training job completed: if it is a fine-tuned child, its gain is evaluated as its owner. */
  private async childCompleted(jobId: string): Promise<void> {
    if (this.queueing.has(jobId)) return;
    this.queueing.add(jobId);
    try {
      const row = await this.models.getById(jobId);
      if (!row?.parent_model_id || row.status !== 'completed') return;
      const caller = await this.acting.caller(row.owner_id);
      if (!caller) return;
      const pair = await this.pair(row);
      if (stateOf(pair) !== 'not-started') return;
      await this.queueMissing(caller, pair);
    } finally {
      this.queueing.delete(jobId);
    }
  }

  private async queueMissing(caller: Caller, pair: GainPair): Promise<void> {
    const { child, parent } = pair;
    if (!usable(pair.childEvaluation)) await this.evaluationService.create(caller, child.id, { subset: 'validation' });
    if (!usable(pair.parentEvaluation)) await this.evaluationService.create(caller, parent!.id, { splitModelId: child.id });
    this.logger.log(`Model ${child.id}: gain over parent ${parent!.id} evaluating on dataset version ${child.dataset_version}`);
  }

  private async pair(child: ModelRow): Promise<GainPair> {
    if (!child.parent_model_id) throw new ConflictException(`Model ${child.name} was not fine-tuned from another model, so it has no gain over a parent`);
    const parent = await this.models.getById(child.parent_model_id);
    const candidates = await this.evaluations.listValidation([child.id, ...(parent ? [parent.id] : [])], child.dataset_version);
    return {
      child,
      parent,
      childEvaluation: pick(candidates.filter((e) => e.model_id === child.id && (e.split_model_id ?? child.id) === child.id)),
      parentEvaluation: pick(candidates.filter((e) => parent && e.model_id === parent.id && e.split_model_id === child.id)),
    };
  }

  private async dto(caller: Caller, pair: GainPair): Promise<ModelGainDto> {
    const [parentEvaluation, childEvaluation] = await Promise.all([this.visible(caller, pair.parentEvaluation), this.visible(caller, pair.childEvaluation)]);
    const state = stateOf(pair);
    const done = state === 'completed' && parentEvaluation?.aggregate && childEvaluation?.aggregate ? { p: parentEvaluation, c: childEvaluation } : null;
    return {
      modelId: pair.child.id,
      parentModelId: pair.child.parent_model_id!,
      datasetVersion: pair.child.dataset_version,
      state,
      parentEvaluation,
      childEvaluation,
      caseCount: done ? done.c.imageCount : null,
      sameCases: done ? await this.sameCases(done.p.id, done.c.id) : null,
      metrics: done ? gainMetrics(done.p.aggregate!, done.c.aggregate!) : [],
      perClass: done ? gainPerClass(done.p.aggregate!, done.c.aggregate!) : [],
    };
  }

  private async visible(caller: Caller, row: EvaluationWithNames | undefined): Promise<EvaluationDto | null> {
    if (!row) return null;
    try {
      return await this.evaluationService.get(caller, row.id);
    } catch (error) {
      // An evaluation of a parent the caller may not see is not theirs to read.
      if (error instanceof HttpException && error.getStatus() === 404) return null;
      throw error;
    }
  }

  private async sameCases(parentEvaluationId: string, childEvaluationId: string): Promise<boolean> {
    const key = (r: { pair_index: number; case_index: number | null; kind: string }) => `${r.kind}:${r.kind === 'volume' ? r.case_index : r.pair_index}`;
    const [p, c] = await Promise.all([this.evaluations.listImageKeys(parentEvaluationId), this.evaluations.listImageKeys(childEvaluationId)]);
    const a = p.map(key).sort();
    const b = c.map(key).sort();
    return a.length === b.length && a.every((k, i) => k === b[i]);
  }
}

/** The evaluation that stands for one side: the newest completed, else the newest running, else the newest. */
function pick(rows: EvaluationWithNames[]): EvaluationWithNames | undefined {
  return rows.find((r) => r.state === 'completed') ?? rows.find((r) => ACTIVE_JOB_STATES.includes(r.state)) ?? rows[0];
}

/** Whether a side still has (or will have) its numbers: completed, queued or running. */
function usable(row: EvaluationWithNames | undefined): boolean {
  return !!row && (row.state === 'completed' || ACTIVE_JOB_STATES.includes(row.state));
}

function stateOf(pair: GainPair): GainState {
  if (pair.child.status !== 'completed' || pair.parent?.status !== 'completed') return 'waiting-for-model';
  const sides = [pair.parentEvaluation, pair.childEvaluation];
  if (sides.every((e) => e?.state === 'completed')) return 'completed';
  if (sides.some((e) => !e)) return 'not-started';
  if (sides.some((e) => e && ACTIVE_JOB_STATES.includes(e.state))) return 'running';
  return 'failed';
}
