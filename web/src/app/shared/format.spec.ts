import { formatBytes, formatDuration, formatRate } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [12_345_678, '12.3 MB'],
    [80_000_000, '80.0 MB'],
    [999_960, '1.0 MB'],
    [3_200_000_000, '3.2 GB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('formats a rate', () => {
    expect(formatRate(4_100_000)).toBe('4.1 MB/s');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.24, '0.2s'],
    [4.04, '4s'],
    [44.6, '45s'],
    [80, '1m 20s'],
    [3599, '59m 59s'],
    [7500, '2h 05m'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
