import { describe, expect, it } from 'vitest';
import { cardColumns, parseModelCard } from './model-card';

// The shape medseg_ml/training/card.py writes (trimmed to what the gateway reads).
const CARD = {
  format: 'medseg-model-v1',
  model_id: 'm1',
  job_id: 'm1',
  name: 'Brain',
  architecture: 'unet',
  hyperparameters: { epochs: 30, learning_rate: 0.001, architecture: 'unet' },
  dataset: { dataset_id: 'd1', pair_count: 10 },
  split: { method: 'volume_block', train: [0, 1, 2, 3, 4, 5], val: [8, 9], excluded: [6, 7] },
  classes: { label_values: [0, 255], class_count: 2 },
  metrics: {
    best_epoch: 2,
    best: { epoch: 2, val_dice: 0.91, val_iou: 0.84, val_dice_per_class: [0.99, 0.91], val_iou_per_class: [0.98, 0.84] },
    final: { epoch: 3, val_dice: 0.9 },
  },
  best_epoch: 2,
  history: [{ epoch: 1, val_dice: 0.5 }],
  weights: { best: { sha256: 'aa', bytes: 10 }, last: { sha256: 'bb', bytes: 11 } },
  created_at: '2026-11-25T10:00:00Z',
  finished_at: '2026-11-25T10:05:00Z',
  channels: 1,
  stopped_early: true,
};

describe('parseModelCard', () => {
  it('reads the fields the gateway caches from an ml-service card', () => {
    expect(parseModelCard(JSON.stringify(CARD))).toMatchObject({
      id: 'm1',
      name: 'Brain',
      datasetId: 'd1',
      architecture: 'unet',
      bestDice: 0.91,
      bestEpoch: 2,
      epochs: 30,
      split: { method: 'volume_block', trainCount: 6, valCount: 2 },
      classes: { labelValues: [0, 255], classCount: 2, labels: [] },
      weights: { bestBytes: 10, lastBytes: 11, bestSha256: 'aa', lastSha256: 'bb' },
      finishedAt: '2026-11-25T10:05:00Z',
      validationPairs: [8, 9],
      channels: 1,
      stoppedEarly: true,
    });
  });

  it('reads stoppedEarly from cards written before the key was snake_case', () => {
    const { stopped_early: _, ...old } = CARD;
    expect(parseModelCard(JSON.stringify({ ...old, stoppedEarly: true }))?.stoppedEarly).toBe(true);
    expect(parseModelCard(JSON.stringify(old))?.stoppedEarly).toBe(false);
  });

  it('gives the final metrics of the best epoch per class, keyed by label value', () => {
    const columns = cardColumns(parseModelCard(JSON.stringify(CARD))!);
    expect(columns.metrics).toEqual({
      bestEpoch: 2,
      bestDice: 0.91,
      bestIou: 0.84,
      perClass: [
        { labelValue: 0, dice: 0.99, iou: 0.98 },
        { labelValue: 255, dice: 0.91, iou: 0.84 },
      ],
      epochsRun: 1,
    });
    expect(columns.best_dice).toBe(0.91);
  });

  it('reads the post-processing chosen on validation, keyed by class index', () => {
    // The shape medseg_ml/postprocessing.py PostProcessing.to_dict writes.
    const postprocessing = {
      largest_component_classes: [1],
      min_component_size: { '2': 17, '1': 40 },
      min_component_size_unit: 'voxels (pixels for a 2D model) on the grid the network predicts',
      validation_dice: {
        '2': { before: 0.5, after: 0.5, after_min_size: 0.6, final: 0.6, with_training_before: 0.4, with_training_final: 0.55 },
        '1': { before: 0.8, after: 0.85 },
      },
      validation_cases: 4,
      training_cases: 12,
      note: 'validation and training slices',
    };
    const card = parseModelCard(JSON.stringify({ ...CARD, postprocessing }))!;
    const expected = {
      largestComponentClasses: [1],
      minComponentSize: [
        { classIndex: 1, size: 40 },
        { classIndex: 2, size: 17 },
      ],
      // Class 1's card predates minimum sizes: no "final", its "after" is what was chosen.
      validationDice: [
        { classIndex: 1, before: 0.8, after: 0.85 },
        { classIndex: 2, before: 0.5, after: 0.6 },
      ],
      validationCases: 4,
      trainingCases: 12,
      note: 'validation and training slices',
    };
    expect(card.postProcessing).toEqual(expected);
    expect(cardColumns(card).post_processing).toEqual(expected);
  });

  it('keeps the note of a card that chose no post-processing, and null for cards before it', () => {
    const none = {
      largest_component_classes: [],
      min_component_size: {},
      validation_dice: {},
      validation_cases: 0,
      training_cases: 0,
      note: 'not chosen: the training was stopped early',
    };
    expect(parseModelCard(JSON.stringify({ ...CARD, postprocessing: none }))?.postProcessing).toEqual({
      largestComponentClasses: [],
      minComponentSize: [],
      validationDice: [],
      validationCases: 0,
      trainingCases: 0,
      note: 'not chosen: the training was stopped early',
    });
    const columns = cardColumns(parseModelCard(JSON.stringify(CARD))!);
    expect(columns).toHaveProperty('post_processing', null);
  });

  it('returns null for JSON that is not a MedSeg card', () => {
    expect(parseModelCard('{"format":"something-else"}')).toBeNull();
    expect(parseModelCard('not json')).toBeNull();
  });
});
