import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '../../auth/caller';
import type { DatasetRow } from '../../db/schema';
import type { BatchWithModel } from '../../dtos/batch.dto';
import type { EvaluationWithNames } from '../../dtos/evaluation.dto';
import type { OwnedFields, OwnerDto } from '../../dtos/owner.dto';
import { BatchRepository } from '../../repositories/batch.repository';
import { DatasetRepository } from '../../repositories/dataset.repository';
import { EvaluationRepository } from '../../repositories/evaluation.repository';
import { InferenceResultRepository, type InferenceResultRow } from '../../repositories/inference-result.repository';
import { ModelRepository, type ModelWithDataset } from '../../repositories/model.repository';
import { UserRepository } from '../../repositories/user.repository';
import { mayChange, maySeeDerived, maySeePersonal, maySeeShareable, viewerOf } from './access-rules';

/**
 * The one gate in front of every dataset, model, evaluation, batch and inference result a request
 * names: `x(caller, id)` answers the row or the same 404 as a missing id; `changeableX(caller, id,
 * what)` also requires its owner or an admin (403 naming the owner). The rules are access-rules.ts.
 */
@Injectable()
export class ResourceAccess {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly models: ModelRepository,
    private readonly evaluations: EvaluationRepository,
    private readonly batches: BatchRepository,
    private readonly results: InferenceResultRepository,
    private readonly users: UserRepository,
  ) {}

  async dataset(caller: Caller, id: string): Promise<DatasetRow> {
    const row = await this.datasets.getById(id);
    if (!row || !maySeeShareable(viewerOf(caller), row.owner_id, row.visibility)) throw new NotFoundException(`Dataset ${id} not found`);
    return row;
  }

  async changeableDataset(caller: Caller, id: string, what: string): Promise<DatasetRow> {
    return this.mustChange(caller, await this.dataset(caller, id), what);
  }

  async model(caller: Caller, id: string): Promise<ModelWithDataset> {
    const row = await this.models.getById(id);
    if (!row || !maySeeShareable(viewerOf(caller), row.owner_id, row.visibility)) throw new NotFoundException(`Model ${id} not found`);
    return row;
  }

  async changeableModel(caller: Caller, id: string, what: string): Promise<ModelWithDataset> {
    return this.mustChange(caller, await this.model(caller, id), what);
  }

  async evaluation(caller: Caller, id: string): Promise<EvaluationWithNames> {
    const row = await this.evaluations.getById(id);
    if (!row || !maySeeDerived(viewerOf(caller), row.owner_id, modelOf(row))) throw new NotFoundException(`Evaluation ${id} not found`);
    return row;
  }

  async batch(caller: Caller, id: string): Promise<BatchWithModel> {
    const row = await this.batches.getById(id);
    if (!row || !maySeeDerived(viewerOf(caller), row.owner_id, modelOf(row))) throw new NotFoundException(`Batch ${id} not found`);
    return row;
  }

  async inferenceResult(caller: Caller, id: string): Promise<InferenceResultRow> {
    const row = await this.results.getById(id);
    if (!row || !maySeePersonal(viewerOf(caller), row.owner_id)) throw new NotFoundException(`Inference result ${id} not found`);
    return row;
  }

  async changeableInferenceResult(caller: Caller, id: string, what: string): Promise<InferenceResultRow> {
    return this.mustChange(caller, await this.inferenceResult(caller, id), what);
  }

  /** 403 unless the caller owns the visible row or is an admin. */
  async mustChange<R extends { owner_id: string | null }>(caller: Caller, row: R, what: string): Promise<R> {
    if (mayChange(viewerOf(caller), row.owner_id)) return row;
    const owner = row.owner_id ? await this.users.getById(row.owner_id) : undefined;
    throw new ForbiddenException(
      owner
        ? `Only the owner (${owner.display_name}) or an admin may ${what}`
        : `Only an admin may ${what}: it was stored before accounts existed`,
    );
  }

  /** owner and canChange of each row, in order, with one users query. */
  async ownedAll(caller: Caller, rows: readonly { owner_id: string | null }[]): Promise<OwnedFields[]> {
    const ids = [...new Set(rows.map((r) => r.owner_id).filter((id): id is string => id !== null))];
    const owners = new Map<string, OwnerDto>();
    for (const u of await this.users.listByIds(ids)) owners.set(u.id, { id: u.id, username: u.username, displayName: u.display_name });
    const viewer = viewerOf(caller);
    return rows.map((r) => ({
      owner: r.owner_id ? (owners.get(r.owner_id) ?? { id: r.owner_id, username: '', displayName: 'a removed user' }) : null,
      canChange: mayChange(viewer, r.owner_id),
    }));
  }

  async owned(caller: Caller, row: { owner_id: string | null }): Promise<OwnedFields> {
    return (await this.ownedAll(caller, [row]))[0];
  }
}

function modelOf(row: { model_owner_id: string | null; model_visibility: 'private' | 'shared' | null }) {
  // A job whose model row is gone follows no model: only its owner and admins see it.
  return { owner_id: row.model_owner_id, visibility: row.model_visibility ?? 'private' };
}
