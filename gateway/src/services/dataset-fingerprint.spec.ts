import { describe, expect, it } from 'vitest';
import { manifestFingerprint } from './dataset-fingerprint';

describe('manifestFingerprint', () => {
  it("reads the manifest's fingerprint as GetTrainingDefaults takes it", () => {
    const fingerprint = manifestFingerprint({
      fingerprint: {
        caseCount: 2,
        medianShape: [12, 40, 48],
        medianSpacing: [2.5, 0.8, 0.8],
        minSpacing: [2.5, 0.8, 0.8],
        maxSpacing: [3, 0.8, 0.8],
        intensities: [{ channel: 0, mean: 40, std: 12, min: -1000, max: 2000, p00_5: -900, p50: 40, p99_5: 1500 }],
        classFractions: [{ value: 1, fraction: 0.02 }],
        channelNames: ['CT'],
      },
    });
    expect(fingerprint).toEqual({
      caseCount: 2,
      medianShape: [12, 40, 48],
      medianSpacing: [2.5, 0.8, 0.8],
      minSpacing: [2.5, 0.8, 0.8],
      maxSpacing: [3, 0.8, 0.8],
      intensities: [{ channel: 0, mean: 40, std: 12, min: -1000, max: 2000, p005: -900, p50: 40, p995: 1500 }],
      classFractions: [{ value: 1, fraction: 0.02 }],
      channelNames: ['CT'],
    });
  });

  it('is null for a manifest without volumes', () => {
    expect(manifestFingerprint({ pairs: [] })).toBeNull();
    expect(manifestFingerprint({ fingerprint: { caseCount: 0 } })).toBeNull();
    expect(manifestFingerprint(null)).toBeNull();
  });
});
