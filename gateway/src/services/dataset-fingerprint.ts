import type { DatasetFingerprint } from '../generated/medseg/v1/volume';

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * The fingerprint a dataset's manifest holds (its `fingerprint`, the proto's fields in camelCase),
 * as GetTrainingDefaults takes it; null when the manifest has none (2D images only, or stored before
 * volumes were first-class).
 */
export function manifestFingerprint(manifest: unknown): DatasetFingerprint | null {
  const f = (manifest as { fingerprint?: Record<string, unknown> } | null)?.fingerprint;
  if (!f || typeof f !== 'object') return null;
  const fingerprint: DatasetFingerprint = {
    caseCount: num(f.caseCount),
    medianShape: numbers(f.medianShape),
    medianSpacing: numbers(f.medianSpacing),
    minSpacing: numbers(f.minSpacing),
    maxSpacing: numbers(f.maxSpacing),
    intensities: (Array.isArray(f.intensities) ? (f.intensities as Record<string, unknown>[]) : []).map((i) => ({
      channel: num(i.channel),
      mean: num(i.mean),
      std: num(i.std),
      min: num(i.min),
      max: num(i.max),
      p005: num(i.p005 ?? i.p00_5),
      p50: num(i.p50),
      p995: num(i.p995 ?? i.p99_5),
    })),
    classFractions: (Array.isArray(f.classFractions) ? (f.classFractions as Record<string, unknown>[]) : []).map((c) => ({
      value: num(c.value),
      fraction: num(c.fraction),
    })),
    channelNames: Array.isArray(f.channelNames) ? f.channelNames.map(String) : [],
  };
  return fingerprint.caseCount > 0 ? fingerprint : null;
}
