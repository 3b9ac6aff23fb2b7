import { describe, expect, it } from 'vitest';
import { type LineageModel, newestCompletedDescendant, planAutoFineTune } from './auto-fine-tune-plan';

const model = (id: string, over: Partial<LineageModel> = {}): LineageModel => ({
  id,
  parent_model_id: null,
  status: 'completed',
  trigger: 'manual',
  dataset_version: 1,
  created_at: `2026-01-01T00:00:0${id.length}Z`,
  ...over,
});
const masks = (...perVersion: [number, number][]) => new Map(perVersion);

describe('newestCompletedDescendant', () => {
  it('is the chosen model itself when nothing was fine-tuned from it', () => {
    expect(newestCompletedDescendant([model('a')], 'a')?.id).toBe('a');
  });

  it('follows the lineage to the newest completed model, skipping training and failed ones', () => {
    const models = [
      model('a'),
      model('b', { parent_model_id: 'a', created_at: '2026-01-02T00:00:00Z' }),
      model('c', { parent_model_id: 'b', created_at: '2026-01-03T00:00:00Z' }),
      model('d', { parent_model_id: 'c', created_at: '2026-01-04T00:00:00Z', status: 'training' }),
      model('e', { parent_model_id: 'a', created_at: '2026-01-05T00:00:00Z', status: 'failed' }),
      model('x', { created_at: '2026-01-09T00:00:00Z' }),
    ];
    expect(newestCompletedDescendant(models, 'a')?.id).toBe('c');
    expect(newestCompletedDescendant(models, 'c')?.id).toBe('c');
  });

  it('is null for a model that is gone or has nothing completed', () => {
    expect(newestCompletedDescendant([model('a', { status: 'failed' })], 'a')).toBeNull();
    expect(newestCompletedDescendant([model('a')], 'zz')).toBeNull();
  });
});

describe('planAutoFineTune', () => {
  it('is due once N masks were saved after the model\'s own version', () => {
    const models = [model('a', { dataset_version: 2 })];
    expect(planAutoFineTune(models, 'a', 2, masks([2, 1], [3, 1]))).toMatchObject({ due: false, newMasks: 1, sinceVersion: 2 });
    expect(planAutoFineTune(models, 'a', 2, masks([2, 1], [3, 1], [4, 1]))).toMatchObject({ due: true, newMasks: 2, from: { id: 'a' } });
  });

  it('waits while one of its fine-tunes is queued or training', () => {
    const models = [model('a'), model('b', { parent_model_id: 'a', trigger: 'auto-fine-tune', status: 'training', dataset_version: 3 })];
    const plan = planAutoFineTune(models, 'a', 1, masks([2, 1], [3, 1], [4, 5]));
    expect(plan).toMatchObject({ due: false, active: { id: 'b' }, sinceVersion: 3, newMasks: 5 });
  });

  it('counts from the last auto fine-tune even when it failed, so a failing round is not queued again at once', () => {
    const models = [model('a'), model('b', { parent_model_id: 'a', trigger: 'auto-fine-tune', status: 'failed', dataset_version: 3 })];
    expect(planAutoFineTune(models, 'a', 2, masks([2, 1], [3, 1], [4, 1]))).toMatchObject({ due: false, newMasks: 1, sinceVersion: 3, from: { id: 'a' } });
  });

  it('builds on the last completed round', () => {
    const models = [model('a'), model('b', { parent_model_id: 'a', trigger: 'auto-fine-tune', dataset_version: 3, created_at: '2026-02-01T00:00:00Z' })];
    expect(planAutoFineTune(models, 'a', 1, masks([2, 1], [3, 1], [4, 1]))).toMatchObject({ due: true, from: { id: 'b' }, last: { id: 'b' } });
  });
});
