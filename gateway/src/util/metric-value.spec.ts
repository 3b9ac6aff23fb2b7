import { describe, expect, it } from 'vitest';
import { metricValue, metricValues } from './metric-value';

describe('metricValue', () => {
  it('keeps finite numbers and turns NaN, infinities and non-numbers into null', () => {
    expect(metricValue(0.25)).toBe(0.25);
    expect(metricValue(0)).toBe(0);
    expect(metricValue(Number.NaN)).toBeNull();
    expect(metricValue(Number.POSITIVE_INFINITY)).toBeNull();
    expect(metricValue(null)).toBeNull();
    expect(metricValue('0.5')).toBeNull();
  });

  it('maps per-class lists so an absent class stays null after JSON', () => {
    const perClass = metricValues([0.9, Number.NaN, 0]);
    expect(perClass).toEqual([0.9, null, 0]);
    expect(JSON.parse(JSON.stringify(perClass))).toEqual([0.9, null, 0]);
    expect(metricValues(undefined)).toEqual([]);
  });
});
