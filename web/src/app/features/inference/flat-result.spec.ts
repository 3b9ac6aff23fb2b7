import { fakeDecoder, segmentResultDto } from '../../testing/inference-fixtures';
import {
  classesAt,
  dataUrlBytes,
  decodeFlatResult,
  flatViewerInput,
  labelValuesOf,
} from './flat-result';

describe('flat result', () => {
  it('reads the bytes of a base64 data URL and refuses anything else', () => {
    expect(new TextDecoder().decode(dataUrlBytes('data:image/png;base64,aW1hZ2U='))).toBe('image');
    expect(() => dataUrlBytes('/api/x.png')).toThrow(/Not a data URL/);
  });

  it('decodes the maps once and thresholds the probabilities', async () => {
    const result = segmentResultDto({ groundTruth: 'data:image/png;base64,truth' });
    const pictures = await decodeFlatResult(result, fakeDecoder());
    expect([pictures.width, pictures.height]).toEqual([2, 2]);
    expect([...pictures.truth!]).toEqual([0, 1, 0, 0]);
    // p1 = [5, 155, 205, 55]
    expect([...classesAt(pictures, 0.5)]).toEqual([0, 1, 1, 0]);
    expect([...classesAt(pictures, 0.9)]).toEqual([0, 0, 0, 0]);
    // Without probabilities the ml-service's mask is shown at any threshold.
    expect([...classesAt({ ...pictures, probabilities: [] }, 0.9)]).toEqual([0, 1, 1, 0]);
  });

  it('writes class indices as the label values of the model', () => {
    expect([...labelValuesOf(new Uint8Array([0, 1, 2]), [0, 1, 7])]).toEqual([0, 1, 7]);
  });

  it('gives the viewer the picture and one-slice label maps of prediction and truth', async () => {
    const result = segmentResultDto({ groundTruth: 'data:image/png;base64,truth' });
    const pictures = await decodeFlatResult(result, fakeDecoder());
    const labels = [{ value: 255, name: 'lesion', color: '' }];
    const input = flatViewerInput(result, pictures, classesAt(pictures, 0.5), labels);
    expect(input.image.name).toBe('image.png');
    const voxels = (file: typeof input.prediction) =>
      file && 'bytes' in file ? [...new Uint8Array(file.bytes, 352)] : null;
    expect(voxels(input.prediction)).toEqual([0, 255, 255, 0]);
    expect(voxels(input.truth)).toEqual([0, 255, 0, 0]);
    expect(input.labels).toBe(labels);
    expect(input.labelValues).toEqual([0, 255]);
  });
});
