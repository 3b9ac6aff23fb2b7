import {
  type InferenceResultDto,
  type SegmentResultDto,
  type VolumeResultDto,
} from '../features/inference/inference.model';
import { type Raster } from '../features/inference/overlay';
import { MODEL_ID } from './model-fixtures';
import { ADA } from './owner-fixtures';

export function segmentResultDto(overrides: Partial<SegmentResultDto> = {}): SegmentResultDto {
  return {
    resultId: null,
    width: 2,
    height: 2,
    sliceCount: 1,
    image: 'data:image/png;base64,aW1hZ2U=',
    mask: 'data:image/png;base64,mask',
    probabilities: ['data:image/png;base64,p0', 'data:image/png;base64,p1'],
    labelValues: [0, 255],
    labels: [{ value: 255, name: 'lesion', color: '' }],
    timings: {
      loadMs: 0,
      decodeMs: 1.5,
      forwardMs: 12.4,
      encodeMs: 2,
      totalMs: 16,
      gatewayMs: 21,
    },
    modelWasLoaded: true,
    groundTruth: null,
    dicePerClass: [],
    iouPerClass: [],
    dice: null,
    iou: null,
    ...overrides,
  };
}

/** A stored volume result of 12 × 40 × 48 voxels with two named labels. */
export function volumeResultDto(overrides: Partial<VolumeResultDto> = {}): VolumeResultDto {
  return {
    id: 'v1',
    kind: 'volume',
    fileName: 'head.nii.gz',
    depth: 12,
    height: 40,
    width: 48,
    channels: 1,
    spacing: [2.5, 0.8, 0.8],
    labelValues: [0, 1, 2],
    labels: [
      { value: 1, name: 'liver', color: '#ff0000' },
      { value: 2, name: 'tumour', color: '' },
    ],
    windowCenter: 40,
    windowWidth: 400,
    timings: {
      loadMs: 0,
      decodeMs: 100,
      forwardMs: 900,
      encodeMs: 150,
      totalMs: 1200,
      gatewayMs: 1300,
    },
    modelWasLoaded: true,
    hasImage: true,
    hasGroundTruth: false,
    hasDicomSeg: false,
    labelVoxels: [{ value: 1, voxels: 120, volumeMl: 0.19 }],
    ...overrides,
  };
}

export function inferenceResultDto(
  id: string,
  overrides: Partial<InferenceResultDto> = {},
): InferenceResultDto {
  return {
    id,
    kind: 'image',
    modelId: MODEL_ID,
    createdAt: '2025-03-05T09:00:00.000Z',
    fileName: `${id}.png`,
    inputUrl: `/api/models/${MODEL_ID}/results/${id}/input`,
    maskUrl: `/api/inference-results/${id}/mask`,
    maskColorUrl: `/api/inference-results/${id}/mask?format=color`,
    maskNiftiUrl: null,
    owner: ADA,
    canChange: true,
    ...overrides,
  };
}

/** A 2 × 2 gray picture with the given values. */
export function grayRaster(values: number[]): Raster {
  const data = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { width: 2, height: 2, data };
}

/** Decodes the data URLs of {@link segmentResultDto}: a gray image, a mask and two maps. */
export function fakeDecoder(
  pictures: Record<string, Raster> = {},
): (url: string) => Promise<Raster> {
  const known: Record<string, Raster> = {
    'data:image/png;base64,aW1hZ2U=': grayRaster([10, 20, 30, 40]),
    'data:image/png;base64,mask': grayRaster([0, 1, 1, 0]),
    'data:image/png;base64,p0': grayRaster([250, 100, 50, 200]),
    'data:image/png;base64,p1': grayRaster([5, 155, 205, 55]),
    'data:image/png;base64,truth': grayRaster([0, 1, 0, 0]),
    ...pictures,
  };
  return (url) => {
    const raster = known[url];
    return raster ? Promise.resolve(raster) : Promise.reject(new Error(`Unknown picture ${url}`));
  };
}
