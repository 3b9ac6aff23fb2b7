import { loadSync } from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { protoRoot } from '../grpc/ml-client.options';
import type { ChannelIntensity } from '../generated/medseg/v1/volume';
import { intensityFromWire, intensityToWire } from './dataset-intensity-wire';

/** ChannelIntensity through the codec Nest's gRPC client uses, with the gateway's loader options. */
function codec() {
  const definition = loadSync('medseg/v1/volume.proto', { includeDirs: [protoRoot()], keepCase: false, longs: Number, enums: Number, defaults: true, oneofs: true, arrays: true });
  const type = definition['medseg.v1.ChannelIntensity'] as unknown as { serialize(o: object): Buffer; deserialize(b: Buffer): ChannelIntensity };
  return (o: object) => type.deserialize(type.serialize(o));
}

describe('channel intensity percentiles on the wire', () => {
  const intensity = { channel: 1, mean: 10, std: 2, min: 0, max: 40, p005: 1.5, p50: 9, p995: 38.5 };

  it('keeps the 0.5th and 99.5th percentiles through an encode and decode', () => {
    const roundTrip = codec();
    expect(intensityFromWire(roundTrip(intensityToWire(intensity)))).toEqual(intensity);
  });

  it('would lose them if sent under the ts-proto names alone (why the adapter exists)', () => {
    expect(intensityFromWire(codec()(intensity))).toMatchObject({ p005: 0, p995: 0 });
  });

  it('reads a manifest-style object unchanged', () => {
    expect(intensityFromWire(intensity)).toEqual(intensity);
  });
});
