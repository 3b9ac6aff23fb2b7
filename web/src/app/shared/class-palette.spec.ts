import { LOADING_COLOR, type Palette, classColor, rgbCss } from './class-palette';

/** A palette as the gateway would serve it. */
const PALETTE: Palette = [
  [255, 0, 0],
  [0, 0, 255],
  [0, 160, 0],
];

describe('class palette', () => {
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
