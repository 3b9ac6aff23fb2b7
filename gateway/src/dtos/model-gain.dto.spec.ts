import { describe, expect, it } from 'vitest';
import type { AggregateDto, StatDto } from './job.dto';
import { gainMetrics, gainPerClass } from './model-gain.dto';

const stat = (mean: number | null): StatDto => ({ mean, median: mean, std: 0, p25: mean, p75: mean, count: mean === null ? 0 : 4 });
const stats = (dice: number | null, hd: number | null) => ({ dice: stat(dice), iou: stat(dice), hausdorff95: stat(hd), surfaceDistance: stat(hd), nsd: stat(null) });
const aggregate = (dice: number, hd: number, perClass: [number, number, number][] = []): AggregateDto => ({
  ...stats(dice, hd),
  perClass: perClass.map(([labelValue, d, h], i) => ({ classIndex: i + 1, labelValue, name: `c${labelValue}`, ...stats(d, h) })),
  distanceUnit: 'mm',
  surfaceTolerance: 1,
});

describe('gainMetrics', () => {
  it('is child minus parent per metric, and says which way is better', () => {
    const [dice, , nsd, hd] = gainMetrics(aggregate(0.6, 5), aggregate(0.7, 3));
    expect(dice).toMatchObject({ metric: 'dice', parent: 0.6, child: 0.7, higherIsBetter: true });
    expect(dice.difference).toBeCloseTo(0.1, 10);
    expect(hd).toMatchObject({ metric: 'hausdorff95', difference: -2, higherIsBetter: false });
    expect(nsd).toMatchObject({ metric: 'nsd', parent: null, child: null, difference: null });
  });
});

describe('gainPerClass', () => {
  it('pairs classes by label value and leaves out a class only one side has', () => {
    const out = gainPerClass(aggregate(0.6, 5, [[1, 0.5, 4], [2, 0.7, 6]]), aggregate(0.7, 3, [[2, 0.8, 5], [3, 0.9, 1]]));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ labelValue: 2, name: 'c2' });
    expect(out[0].metrics[0].difference).toBeCloseTo(0.1, 10);
  });
});
