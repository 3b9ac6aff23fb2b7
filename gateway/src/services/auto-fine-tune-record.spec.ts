import { describe, expect, it } from 'vitest';
import { AUTO_FINE_TUNE_FORMAT, autoFineTuneRow, parseAutoFineTuneRecord } from './auto-fine-tune-record';
import { parseEvaluationScope } from './evaluation-scope';
import { triggerOf } from './model-origin';

const record = { format: AUTO_FINE_TUNE_FORMAT, datasetId: 'd', enabled: true, modelId: 'm', newMasks: 3, updatedAt: '2026-12-02T00:00:00Z', updatedBy: 'u' };

describe('auto fine-tune records in S3', () => {
  it('reads back what the gateway writes, as its cached row', () => {
    const parsed = parseAutoFineTuneRecord(JSON.stringify(record), 'd');
    expect(parsed).toEqual(record);
    expect(autoFineTuneRow(parsed!)).toEqual({ dataset_id: 'd', enabled: 1, model_id: 'm', new_masks: 3, updated_at: record.updatedAt, updated_by: 'u' });
  });

  it.each([
    ['another dataset', { ...record, datasetId: 'x' }],
    ['no N', { ...record, newMasks: 0 }],
    ['another format', { ...record, format: 'x' }],
  ])('ignores a rule of %s', (_, value) => {
    expect(parseAutoFineTuneRecord(JSON.stringify(value), 'd')).toBeNull();
  });

  it('reads a model\'s trigger from origin.json, manual for none or anything else', () => {
    expect(triggerOf(JSON.stringify({ format: 'medseg-model-origin-v1', modelId: 'm', trigger: 'auto-fine-tune' }), 'm')).toBe('auto-fine-tune');
    expect(triggerOf(JSON.stringify({ format: 'medseg-model-origin-v1', modelId: 'other', trigger: 'auto-fine-tune' }), 'm')).toBe('manual');
    expect(triggerOf(null, 'm')).toBe('manual');
    expect(triggerOf('{', 'm')).toBe('manual');
  });

  it('reads an evaluation\'s scope: its version and whose split', () => {
    const scope = { format: 'medseg-evaluation-scope-v1', evaluationId: 'e', modelId: 'p', datasetId: 'd', datasetVersion: 3, subset: 'validation', splitModelId: 'c' };
    expect(parseEvaluationScope(JSON.stringify(scope), 'e')).toEqual(scope);
    expect(parseEvaluationScope(JSON.stringify({ ...scope, datasetVersion: 0 }), 'e')).toBeNull();
    expect(parseEvaluationScope(JSON.stringify(scope), 'other')).toBeNull();
  });
});
