import { evaluationDto, stat, aggregateDto } from '../../testing/evaluation-fixtures';
import { epochDto, hyperparametersDto, modelDetailDto } from '../../testing/model-fixtures';
import { bestIndexes, compareRows, latestCompleted, parseIds } from './compare';

describe('bestIndexes', () => {
  it('marks the highest value where higher is better and the lowest where lower is', () => {
    expect(bestIndexes([0.8, 0.9, 0.85], 'higher')).toEqual([1]);
    expect(bestIndexes([0.3, 0.2, 0.25], 'lower')).toEqual([1]);
  });

  it('marks every column that ties for the best', () => {
    expect(bestIndexes([0.9, 0.8, 0.9], 'higher')).toEqual([0, 2]);
  });

  it('skips unknown values', () => {
    expect(bestIndexes([null, 4.2, 3.1], 'lower')).toEqual([2]);
    expect(bestIndexes([null, 0.7, Number.NaN], 'higher')).toEqual([]);
  });

  it('marks nothing with fewer than two values, when all are equal, or for settings', () => {
    expect(bestIndexes([0.9], 'higher')).toEqual([]);
    expect(bestIndexes([null, 0.9], 'higher')).toEqual([]);
    expect(bestIndexes([0.9, 0.9], 'higher')).toEqual([]);
    expect(bestIndexes([1, 2], 'none')).toEqual([]);
  });
});

describe('compareRows', () => {
  const a = modelDetailDto({
    id: 'a',
    bestDice: 0.8,
    history: [
      epochDto(1, { valDice: 0.7, trainLoss: 0.5, valLoss: 0.6 }),
      epochDto(2, { valDice: 0.8, valIou: 0.7, trainLoss: 0.3, valLoss: 0.4 }),
    ],
  });
  const b = modelDetailDto({
    id: 'b',
    bestDice: 0.85,
    hyperparameters: hyperparametersDto({ learningRate: 0.01 }),
    history: [epochDto(1, { valDice: 0.85, valIou: 0.75, trainLoss: 0.2, valLoss: 0.5 })],
  });
  const row = (key: string) => rows.find((r) => r.key === key)!;
  const rows = compareRows([
    {
      detail: a,
      evaluation: evaluationDto({
        aggregate: aggregateDto({ dice: stat(0.9), hausdorff95: stat(3) }),
      }),
    },
    {
      detail: b,
      evaluation: evaluationDto({
        aggregate: aggregateDto({ dice: stat(0.88), hausdorff95: stat(2) }),
      }),
    },
  ]);

  it('marks higher Dice and IoU, lower losses and distances as best', () => {
    expect(row('bestDice').best).toEqual([1]);
    expect(row('finalDice').cells).toEqual(['0.800', '0.850']);
    expect(row('finalIou').best).toEqual([1]);
    expect(row('finalTrainLoss').best).toEqual([1]);
    expect(row('finalValLoss').best).toEqual([0]);
    expect(row('evalDice').best).toEqual([0]);
    expect(row('evalHd95').best).toEqual([1]);
  });

  it('lists every hyperparameter and flags the ones that differ', () => {
    expect(row('learningRate').cells).toEqual(['0.001', '0.01']);
    expect(row('learningRate').differs).toBe(true);
    expect(row('learningRate').best).toEqual([]);
    expect(row('optimizer').differs).toBe(false);
    for (const key of [
      'batchSize',
      'inputSize',
      'validationFraction',
      'augmentation',
      'loss',
      'seed',
      'encoder',
    ]) {
      expect(row(key).cells).toHaveLength(2);
    }
  });

  it('shows a dash where a model was not evaluated', () => {
    const [evalDice] = compareRows([
      { detail: a, evaluation: null },
      { detail: b, evaluation: evaluationDto() },
    ]).filter((r) => r.key === 'evalDice');
    expect(evalDice.cells[0]).toBe('–');
    expect(evalDice.best).toEqual([]);
  });
});

describe('latestCompleted', () => {
  it('takes the newest completed evaluation', () => {
    const old = evaluationDto({ id: 'old', finishedAt: '2025-01-01T00:00:00Z' });
    const recent = evaluationDto({ id: 'new', finishedAt: '2025-02-01T00:00:00Z' });
    const running = evaluationDto({ id: 'run', state: 'running', finishedAt: null });
    expect(latestCompleted([running, old, recent])?.id).toBe('new');
    expect(latestCompleted([running])).toBeNull();
  });
});

describe('parseIds', () => {
  it('splits, trims and drops blanks and repeats', () => {
    expect(parseIds(' a, b,,a ,c')).toEqual(['a', 'b', 'c']);
    expect(parseIds(undefined)).toEqual([]);
  });
});
