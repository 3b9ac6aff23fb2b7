import { foregroundMean, overlapScores } from './overlap';

// The case ml-service/tests/test_overlap.py checks too: 4 classes on 3 × 5 pixels.
const TRUTH = [1, 1, 0, 0, 0, 1, 1, 0, 2, 2, 0, 0, 0, 0, 0];
const PREDICTED = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

describe('overlapScores', () => {
  it('gives the hand-computed values the ml-service gives', () => {
    const scores = overlapScores(PREDICTED, TRUTH, 4);
    // background: truth 9, prediction 12, shared 8; class 1: 4, 3, 2; class 2 missed; class 3 absent.
    expect(scores.dicePerClass[0]).toBeCloseTo(16 / 21, 12);
    expect(scores.dicePerClass[1]).toBeCloseTo(4 / 7, 12);
    expect(scores.dicePerClass.slice(2)).toEqual([0, null]);
    expect(scores.iouPerClass[0]).toBeCloseTo(8 / 13, 12);
    expect(scores.iouPerClass[1]).toBeCloseTo(2 / 5, 12);
    expect(scores.iouPerClass.slice(2)).toEqual([0, null]);
    // The class absent from both is left out: (4/7 + 0) / 2, not (4/7 + 0 + 1) / 3.
    expect(scores.dice).toBeCloseTo(2 / 7, 12);
    expect(scores.iou).toBeCloseTo(1 / 5, 12);
  });

  it('has no foreground value when both maps are background only', () => {
    const scores = overlapScores(new Uint8Array(6), new Uint8Array(6), 3);
    expect(scores.dicePerClass).toEqual([1, null, null]);
    expect(scores.dice).toBeNull();
  });

  it('refuses maps of different sizes', () => {
    expect(() => overlapScores([0, 1], [0], 2)).toThrow('2 pixels but the truth 1');
  });
});

describe('foregroundMean', () => {
  it('skips the background and nulls', () => {
    expect(foregroundMean([1, 0.5, null, 0])).toBe(0.25);
    expect(foregroundMean([1, null])).toBeNull();
  });
});
