import type { ChannelIntensity, DatasetFingerprint } from '../generated/medseg/v1/volume';

/**
 * The percentiles of ChannelIntensity (proto `p00_5`, `p99_5`) go by two names: ts-proto's types
 * say `p005`/`p995`, but Nest's gRPC codec (protobufjs through proto-loader) camel-cases only an
 * underscore before a letter, so on the wire objects they are `p00_5`/`p99_5`. The manifest, SQLite
 * and the API use the ts-proto names; these two functions are the only place that knows the others.
 */
type WireIntensity = ChannelIntensity & { p00_5?: number; p99_5?: number };

/** An intensity as the ml-service sent it, under the ts-proto names. */
export function intensityFromWire(i: WireIntensity): ChannelIntensity {
  return {
    channel: i.channel,
    mean: i.mean,
    std: i.std,
    min: i.min,
    max: i.max,
    p005: i.p005 ?? i.p00_5 ?? 0,
    p50: i.p50,
    p995: i.p995 ?? i.p99_5 ?? 0,
  };
}

/** An intensity to send: both names, so the codec finds its own whatever the proto calls them. */
export function intensityToWire(i: ChannelIntensity): ChannelIntensity {
  const wire: WireIntensity = { ...i, p00_5: i.p005, p99_5: i.p995 };
  return wire;
}

export function fingerprintFromWire(f: DatasetFingerprint): DatasetFingerprint {
  return { ...f, intensities: f.intensities.map(intensityFromWire) };
}

/** A fingerprint to send in a request (GetTrainingDefaults, DatasetSource). */
export function fingerprintToWire(f: DatasetFingerprint): DatasetFingerprint {
  return { ...f, intensities: f.intensities.map(intensityToWire) };
}
