import type { ModelStatus, ModelTrigger } from '../db/schema';

/** What the auto fine-tune rule needs of each model of a dataset. */
export interface LineageModel {
  id: string;
  parent_model_id: string | null;
  status: ModelStatus;
  trigger: ModelTrigger;
  dataset_version: number;
  created_at: string;
}

/** What the rule would do now, and why not when it would not. */
export interface AutoFineTunePlan {
  /** The model the next round fine-tunes: the chosen one's newest completed descendant (or itself). */
  from: LineageModel | null;
  /** An auto fine-tune of the dataset still queued or training. */
  active: LineageModel | null;
  /** The last fine-tune the rule queued. */
  last: LineageModel | null;
  /** New masks are counted after this version. */
  sinceVersion: number;
  newMasks: number;
  /** Whether a fine-tune of `from` on the latest version is due now. */
  due: boolean;
}

/**
 * The chosen model's newest completed descendant, itself included: each round builds on the last.
 * Newest by creation, so a later fine-tune wins even when an earlier one finished after it.
 */
export function newestCompletedDescendant(models: readonly LineageModel[], rootId: string): LineageModel | null {
  const children = new Map<string, LineageModel[]>();
  for (const m of models) if (m.parent_model_id) children.set(m.parent_model_id, [...(children.get(m.parent_model_id) ?? []), m]);
  const root = models.find((m) => m.id === rootId);
  if (!root) return null;
  let best: LineageModel | null = null;
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    if (m.status === 'completed' && (!best || m.created_at > best.created_at)) best = m;
    stack.push(...(children.get(m.id) ?? []));
  }
  return best;
}

/**
 * Whether `threshold` masks were saved since the last auto fine-tune (or since the dataset version
 * the next model was trained on, whichever is later), with none of the rule's still running.
 * `masksPerVersion`: the masks each version n >= 2 saved.
 */
export function planAutoFineTune(
  models: readonly LineageModel[],
  ruleModelId: string,
  threshold: number,
  masksPerVersion: ReadonlyMap<number, number>,
): AutoFineTunePlan {
  const auto = models.filter((m) => m.trigger === 'auto-fine-tune').sort((a, b) => a.created_at.localeCompare(b.created_at));
  const last = auto.at(-1) ?? null;
  const active = auto.find((m) => m.status === 'training') ?? null;
  const from = newestCompletedDescendant(models, ruleModelId);
  const sinceVersion = Math.max(from?.dataset_version ?? 1, last?.dataset_version ?? 1);
  let newMasks = 0;
  for (const [version, masks] of masksPerVersion) if (version > sinceVersion) newMasks += masks;
  return { from, active, last, sinceVersion, newMasks, due: !!from && !active && newMasks >= threshold };
}
