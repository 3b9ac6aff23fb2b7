import { evaluationDto, stat, aggregateDto } from '../../testing/evaluation-fixtures';
import { epochDto, hyperparametersDto, modelDetailDto } from '../../testing/model-fixtures';
import { bestIndexes, compareRows, parseIds } from './compare';
import { chooseEvaluation, dataFairness, latestCompleted } from './compare-fairness';

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
      'lrSchedule',
      'earlyStoppingPatience',
      'guided',
      'loss',
      'seed',
      'encoder',
    ]) {
      expect(row(key).cells).toHaveLength(2);
    }
  });

  it('names the augmentation preset, the schedule and early stopping, flagging differences', () => {
    const recipe = (overrides: Parameters<typeof hyperparametersDto>[0]) =>
      modelDetailDto({ hyperparameters: hyperparametersDto(overrides) });
    const cells = compareRows(
      [
        recipe({}),
        recipe({ augmentationPreset: 'light', lrSchedule: 'cosine', earlyStoppingPatience: 20 }),
        recipe({ augmentation: false, earlyStoppingPatience: 1 }),
      ].map((detail) => ({ detail, evaluation: null })),
    ).filter((r) => ['augmentation', 'lrSchedule', 'earlyStoppingPatience'].includes(r.key));
    expect(cells.map((r) => [r.label, r.cells, r.differs])).toEqual([
      ['Augmentation', ['nnU-Net', 'Light', 'Off'], true],
      ['LR schedule', ['Poly with warm-up', 'Cosine', 'Poly with warm-up'], true],
      [
        'Early stopping',
        ['Off', 'After 20 epochs without improvement', 'After 1 epoch without improvement'],
        true,
      ],
    ]);
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

describe('dataFairness and chooseEvaluation', () => {
  const a = modelDetailDto({ id: 'a', datasetId: 'd1', datasetName: 'brain' });
  const b = modelDetailDto({ id: 'b', datasetId: 'd2', datasetName: 'liver' });
  const onD1 = evaluationDto({ id: 'e1', datasetId: 'd1', datasetName: 'brain', subset: 'all' });
  const onD2 = evaluationDto({
    id: 'e2',
    datasetId: 'd2',
    datasetName: 'liver',
    subset: 'validation',
  });

  it('says when the models were validated and evaluated on different datasets, and ranks neither', () => {
    const columns = [
      { detail: a, evaluation: onD1 },
      { detail: b, evaluation: onD2 },
    ];
    const fair = dataFairness(columns);
    expect(fair).toMatchObject({ trainingComparable: false, evaluationsComparable: false });
    expect(fair.warnings[0]).toContain('validated on different datasets (brain, liver)');
    expect(fair.warnings[1]).toContain(
      'different datasets or pairs (brain (all), liver (validation))',
    );
    const rows = compareRows(columns);
    expect(rows.find((r) => r.key === 'bestDice')!.best).toEqual([]);
    expect(rows.find((r) => r.key === 'evalDice')!.best).toEqual([]);
  });

  it('ranks evaluations of all pairs of one dataset even for models trained elsewhere', () => {
    const same = evaluationDto({
      id: 'e3',
      datasetId: 'd1',
      subset: 'all',
      aggregate: aggregateDto({ dice: stat(0.5) }),
    });
    const columns = [
      { detail: a, evaluation: onD1 },
      { detail: b, evaluation: same },
    ];
    expect(dataFairness(columns).evaluationsComparable).toBe(true);
    const rows = compareRows(columns);
    expect(rows.find((r) => r.key === 'evalDice')!.best).toEqual([0]);
    expect(rows.find((r) => r.key === 'evalHd95')!.label).toBe('Evaluation mean HD95 (px)');
  });

  it('picks the newest evaluation of all pairs of the chosen dataset', () => {
    const older = evaluationDto({
      id: 'old',
      datasetId: 'd1',
      subset: 'all',
      finishedAt: '2025-01-01T00:00:00Z',
    });
    const newer = evaluationDto({
      id: 'new',
      datasetId: 'd1',
      subset: 'all',
      finishedAt: '2025-02-01T00:00:00Z',
    });
    expect(chooseEvaluation([onD2, older, newer], 'd1')?.id).toBe('new');
    expect(chooseEvaluation([onD2], 'd1')).toBeNull();
    expect(chooseEvaluation([onD2], null)?.id).toBe('e2');
  });
});
