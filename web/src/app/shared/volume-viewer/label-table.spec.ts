import { type Palette } from '../class-palette';
import { hexColor, labelColormap, labelTable, presentValues } from './label-table';

const PALETTE: Palette = [
  [230, 25, 75],
  [60, 180, 75],
  [0, 130, 200],
];

describe('labelTable', () => {
  it('names every label, takes its own colour first and the palette by class index otherwise', () => {
    const table = labelTable(
      [
        { value: 1, name: 'liver', color: '#00ff00' },
        { value: 2, name: 'tumour', color: '' },
      ],
      [0, 1, 2],
      [1, 2, 7],
      PALETTE,
    );
    expect(table).toEqual([
      { value: 1, name: 'liver', color: [0, 255, 0] },
      { value: 2, name: 'tumour', color: PALETTE[1] },
      // 7 is in the mask but not a class of the model: a palette colour past the classes.
      { value: 7, name: 'label 7', color: PALETTE[2] },
    ]);
  });

  it('colours a dataset case (no model classes) by the order of its label values', () => {
    const table = labelTable([{ value: 4, name: 'edema', color: '' }], [], [4, 9], PALETTE);
    expect(table.map((e) => [e.value, e.name, e.color])).toEqual([
      [4, 'edema', PALETTE[0]],
      [9, 'label 9', PALETTE[1]],
    ]);
  });

  it('draws in neutral grey while the palette is not loaded', () => {
    expect(labelTable([], [0, 1], [], [])[0].color).toEqual([128, 128, 128]);
  });
});

describe('labelColormap', () => {
  it('is NiiVue`s parallel arrays with a transparent background and the names', () => {
    const cm = labelColormap([{ value: 3, name: 'bone', color: [1, 2, 3] }]);
    expect(cm).toEqual({
      R: [0, 1],
      G: [0, 2],
      B: [0, 3],
      A: [0, 255],
      I: [0, 3],
      labels: ['background', 'bone'],
    });
  });
});

describe('hexColor and presentValues', () => {
  it('reads #rgb and #rrggbb and nothing else', () => {
    expect(hexColor('#f00')).toEqual([255, 0, 0]);
    expect(hexColor('00ff80')).toEqual([0, 255, 128]);
    expect(hexColor('red')).toBeNull();
    expect(hexColor('')).toBeNull();
  });

  it('lists the distinct labels of a mask', () => {
    expect(presentValues(new Float32Array([0, 2, 2, 1.0000001, 0, 5]))).toEqual([1, 2, 5]);
  });
});
