import { type Raster, classesFromProbabilities, grayChannel } from './overlay';

const bytes = (values: number[]) => Uint8Array.from(values);

function gray(width: number, height: number, values: number[]): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  values.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { width, height, data };
}

describe('class maps of 2D pictures', () => {
  describe('classesFromProbabilities', () => {
    it('marks foreground of a binary model where p(class 1) reaches the threshold', () => {
      const background = bytes([255, 128, 127, 0]);
      const foreground = bytes([0, 127, 128, 255]);
      expect([...classesFromProbabilities([background, foreground], 0.5)]).toEqual([0, 0, 1, 1]);
      expect([...classesFromProbabilities([background, foreground], 0.1)]).toEqual([0, 1, 1, 1]);
      expect([...classesFromProbabilities([background, foreground], 1)]).toEqual([0, 0, 0, 1]);
      // 0 keeps everything, even p = 0.
      expect([...classesFromProbabilities([background, foreground], 0)]).toEqual([1, 1, 1, 1]);
    });

    it('treats a single map as the foreground probability', () => {
      expect([...classesFromProbabilities([bytes([10, 200])], 0.5)]).toEqual([0, 1]);
    });

    it('takes the most probable foreground class above the threshold, else background', () => {
      const p0 = bytes([200, 20, 60, 10]);
      const p1 = bytes([30, 150, 80, 140]);
      const p2 = bytes([25, 85, 95, 105]);
      expect([...classesFromProbabilities([p0, p1, p2], 0.5)]).toEqual([0, 1, 0, 1]);
      // At 0.35 (≈ 89) class 2 qualifies in pixel 2; in pixel 3 class 1 is more probable.
      expect([...classesFromProbabilities([p0, p1, p2], 0.35)]).toEqual([0, 1, 2, 1]);
      expect([...classesFromProbabilities([p0, p1, p2], 0.38)]).toEqual([0, 1, 0, 1]);
    });

    it('returns nothing without probabilities', () => {
      expect(classesFromProbabilities([], 0.5).length).toBe(0);
    });
  });

  it('reads gray values', () => {
    const mask = gray(3, 1, [0, 2, 1]);
    expect([...grayChannel(mask)]).toEqual([0, 2, 1]);
  });
});
