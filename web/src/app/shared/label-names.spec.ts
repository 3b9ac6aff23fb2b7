import { labelName } from './label-names';

describe('labelName', () => {
  const labels = [
    { value: 0, name: 'background', color: '' },
    { value: 1, name: 'liver', color: '#ff0000' },
    { value: 2, name: '', color: '' },
  ];

  it('names a label by the name the dataset gives it', () => {
    expect(labelName(labels, 1)).toBe('liver');
    expect(labelName(labels, 0)).toBe('background');
  });

  it('falls back to "label <value>" for an empty name, an unknown value or no list', () => {
    expect(labelName(labels, 2)).toBe('label 2');
    expect(labelName(labels, 255)).toBe('label 255');
    expect(labelName(undefined, 3)).toBe('label 3');
    expect(labelName([], 0)).toBe('label 0');
  });
});
