import { LOADING_COLOR, type Palette, classColor, rgbCss } from '../../shared/class-palette';
import {
  type Raster,
  classesFromProbabilities,
  composite,
  contourOf,
  grayChannel,
} from './overlay';

/** A palette as the gateway would serve it. */
const PALETTE: Palette = [
  [255, 0, 0],
  [0, 0, 255],
  [0, 160, 0],
];

const bytes = (values: number[]) => Uint8Array.from(values);

function gray(width: number, height: number, values: number[]): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  values.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { width, height, data };
}

describe('overlay math', () => {
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

  describe('contourOf', () => {
    it('keeps the boundary of a square region and empties its inside', () => {
      // 5 × 5 with a 3 × 3 square of class 1 in the middle.
      const classes = new Uint8Array(25);
      for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) classes[y * 5 + x] = 1;
      const contour = contourOf(classes, 5, 5);
      const inside = 2 * 5 + 2;
      expect(contour[inside]).toBe(0);
      expect([...contour].filter((c) => c === 1).length).toBe(8);
      expect(contour[1 * 5 + 1]).toBe(1);
      expect(contour[0]).toBe(0);
    });

    it('draws the boundary between two classes in each class and counts the image edge', () => {
      const classes = bytes([1, 1, 2, 2, 1, 1, 2, 2]);
      expect([...contourOf(classes, 4, 2)]).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
      const wide = new Uint8Array(9).fill(3);
      expect([...contourOf(wide, 3, 3)]).toEqual([3, 3, 3, 3, 0, 3, 3, 3, 3]);
    });
  });

  describe('palette', () => {
    it('leaves class 0 transparent and cycles through the given colours', () => {
      expect(classColor(0, PALETTE)).toBeNull();
      expect(rgbCss(classColor(0, PALETTE))).toBe('transparent');
      expect(classColor(1, PALETTE)).toEqual(PALETTE[0]);
      expect(classColor(PALETTE.length + 1, PALETTE)).toEqual(PALETTE[0]);
      expect(rgbCss(classColor(2, PALETTE))).toBe(`rgb(${PALETTE[1].join(' ')})`);
    });

    it('draws every class in neutral grey while no palette is loaded', () => {
      expect(classColor(0, [])).toBeNull();
      expect(classColor(1, [])).toEqual(LOADING_COLOR);
      expect(classColor(7, [])).toEqual(LOADING_COLOR);
    });
  });

  describe('composite', () => {
    it('blends class pixels toward their colour by the opacity, leaving background as is', () => {
      const image = gray(2, 1, [100, 100]);
      const out = composite(image, bytes([0, 1]), 0.5, PALETTE);
      expect([...out.slice(0, 4)]).toEqual([100, 100, 100, 255]);
      const [r, g, b] = PALETTE[0];
      expect([...out.slice(4, 8)]).toEqual([
        Math.round(50 + r / 2),
        Math.round(50 + g / 2),
        Math.round(50 + b / 2),
        255,
      ]);
      expect([...image.data.slice(4, 8)]).toEqual([100, 100, 100, 255]);
    });

    it('shows the plain image at opacity 0 and the pure colour at 1', () => {
      const image = gray(1, 1, [40]);
      expect([...composite(image, bytes([2]), 0, PALETTE)]).toEqual([40, 40, 40, 255]);
      expect([...composite(image, bytes([2]), 1, PALETTE)]).toEqual([...PALETTE[1], 255]);
    });
  });

  it('reads gray values', () => {
    const mask = gray(3, 1, [0, 2, 1]);
    expect([...grayChannel(mask)]).toEqual([0, 2, 1]);
  });
});
