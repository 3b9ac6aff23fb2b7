import { describe, expect, it } from 'vitest';
import type { SegmentVolumeResult } from '../generated/medseg/v1/inference_service';
import { mapVolume } from './inference-volume.dto';

const result = (overrides: Partial<SegmentVolumeResult> = {}): SegmentVolumeResult => ({
  depth: 12,
  height: 40,
  width: 48,
  channels: 1,
  geometry: { spacing: [2.5, 0.8, 0.8], affine: [], sourceShape: [48, 40, 12], sourceAffine: [] },
  imageNifti: new Uint8Array([1]),
  maskNifti: new Uint8Array([1]),
  dicomSeg: new Uint8Array(),
  labelValues: [0, 1, 4],
  labels: [
    { value: 1, name: 'liver', color: '#ff0000' },
    { value: 4, name: '', color: '' },
  ],
  windowCenter: 40,
  windowWidth: 400,
  timings: { loadMs: 1, decodeMs: 2, forwardMs: 3, encodeMs: 4, totalMs: 10 },
  modelWasLoaded: true,
  groundTruthNifti: new Uint8Array(),
  scores: undefined,
  labelVoxels: [{ value: 1, voxels: 100, volumeMl: 0.16 }],
  ...overrides,
});

describe('mapVolume', () => {
  it('answers the volume with its spacing and label names, and no scores without ground truth', () => {
    const dto = mapVolume('r1', 'ct.nii.gz', result(), true, 12);
    expect(dto).toMatchObject({ id: 'r1', kind: 'volume', fileName: 'ct.nii.gz', depth: 12, spacing: [2.5, 0.8, 0.8], hasImage: true, hasGroundTruth: false, hasDicomSeg: false });
    expect(dto.labels).toEqual([
      { value: 1, name: 'liver', color: '#ff0000' },
      { value: 4, name: '', color: '' },
    ]);
    expect(dto.timings).toEqual({ loadMs: 1, decodeMs: 2, forwardMs: 3, encodeMs: 4, totalMs: 10, gatewayMs: 12 });
    expect(dto.scores).toBeUndefined();
  });

  it('gives per foreground class scores with null where the ml-service sent NaN', () => {
    const scores = {
      distanceUnit: 'mm',
      dicePerClass: [NaN, 0.9, NaN],
      iouPerClass: [NaN, 0.8, NaN],
      hd95PerClass: [NaN, 3.5, NaN],
      asdPerClass: [NaN, 1.2, NaN],
      nsdPerClass: [NaN, 0.95, NaN],
      surfaceTolerance: 2,
      dice: 0.9,
      iou: 0.8,
      hd95: 3.5,
      asd: 1.2,
      nsd: 0.95,
    };
    const dto = mapVolume('r2', 'd / case', result({ groundTruthNifti: new Uint8Array([1]), scores }), false, 0);
    expect(dto.hasGroundTruth).toBe(true);
    expect(dto.scores?.perClass).toEqual([
      { value: 1, name: 'liver', dice: 0.9, iou: 0.8, hd95: 3.5, asd: 1.2, nsd: 0.95 },
      { value: 4, name: '', dice: null, iou: null, hd95: null, asd: null, nsd: null },
    ]);
    expect(dto.scores).toMatchObject({ distanceUnit: 'mm', dice: 0.9, surfaceTolerance: 2 });
  });
});
