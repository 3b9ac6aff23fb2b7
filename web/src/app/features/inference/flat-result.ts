import { type LabelName } from '../../shared/label-names';
import { flatLabelNifti } from '../../shared/volume-viewer/flat-label-nifti';
import { type ViewerInput } from '../../shared/volume-viewer/volume-viewer.model';
import { type SegmentResultDto } from './inference.model';
import { type Raster, classesFromProbabilities, grayChannel } from './overlay';

/** A 2D result's pictures, decoded once: the image as its PNG bytes, the maps as class indices. */
export interface FlatPictures {
  width: number;
  height: number;
  image: ArrayBuffer;
  /** The ml-service's own class map (used when there are no probabilities). */
  mask: Uint8Array;
  /** Per class p × 255, class 0 first. */
  probabilities: Uint8Array[];
  truth: Uint8Array | null;
}

/** The bytes of a `data:…;base64,` URL. */
export function dataUrlBytes(url: string): ArrayBuffer {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error('Not a data URL');
  const text = atob(url.slice(comma + 1));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

/**
 * Decodes the result's class and probability PNGs (`decode`: the page's raster decoder); the answer
 * must carry its image (asked with `include=image`).
 */
export async function decodeFlatResult(
  result: SegmentResultDto,
  decode: (url: string) => Promise<Raster>,
): Promise<FlatPictures> {
  const [mask, truth, ...probabilities] = await Promise.all([
    decode(result.mask),
    result.groundTruth ? decode(result.groundTruth) : Promise.resolve(null),
    ...result.probabilities.map((p) => decode(p)),
  ]);
  return {
    width: mask.width,
    height: mask.height,
    image: dataUrlBytes(result.image ?? ''),
    mask: grayChannel(mask),
    probabilities: probabilities.map(grayChannel),
    truth: truth ? grayChannel(truth) : null,
  };
}

/** The predicted class of each pixel at `threshold` (0–1). */
export function classesAt(pictures: FlatPictures, threshold: number): Uint8Array {
  return pictures.probabilities.length > 0
    ? classesFromProbabilities(pictures.probabilities, threshold)
    : pictures.mask;
}

/** Class indices → the label values the model writes (`labelValues[class]`). */
export function labelValuesOf(classes: Uint8Array, labelValues: readonly number[]): Uint16Array {
  const out = new Uint16Array(classes.length);
  for (let i = 0; i < classes.length; i++) out[i] = labelValues[classes[i]] ?? classes[i];
  return out;
}

/**
 * What the volume viewer shows of a 2D result: the picture NiiVue reads as a PNG, the class map at
 * the threshold and the pair's ground truth as one-slice label volumes on its grid.
 */
export function flatViewerInput(
  result: SegmentResultDto,
  pictures: FlatPictures,
  predicted: Uint8Array,
  labels: readonly LabelName[],
): ViewerInput {
  const { width, height } = pictures;
  const label = (classes: Uint8Array, name: string) => ({
    name,
    bytes: flatLabelNifti(labelValuesOf(classes, result.labelValues), width, height),
  });
  return {
    image: { name: 'image.png', bytes: pictures.image },
    prediction: label(predicted, 'prediction.nii'),
    truth: pictures.truth ? label(pictures.truth, 'ground-truth.nii') : null,
    labels,
    labelValues: result.labelValues,
    fileWindow: null,
  };
}
