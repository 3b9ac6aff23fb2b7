import { evaluationImageDto } from '../../testing/evaluation-fixtures';
import { sortImages } from './image-sort';

describe('sortImages', () => {
  const images = [
    evaluationImageDto(0, 0.9),
    evaluationImageDto(1, null, { error: 'Could not decode' }),
    evaluationImageDto(2, 0.4),
    evaluationImageDto(3, 0.7),
  ];
  const names = (list: { position: number }[]) => list.map((i) => i.position);

  it('puts the worst Dice first by default, failed images last', () => {
    expect(names(sortImages(images, 'dice', ''))).toEqual([2, 3, 0, 1]);
    expect(names(sortImages(images, 'dice', 'asc'))).toEqual([2, 3, 0, 1]);
  });

  it('keeps images without a value last in either direction', () => {
    expect(names(sortImages(images, 'dice', 'desc'))).toEqual([0, 3, 2, 1]);
    expect(names(sortImages(images, 'hausdorff95', 'desc'))).toEqual([2, 3, 0, 1]);
  });

  it('sorts by name with numbers in order', () => {
    const named = [
      evaluationImageDto(0, 0.5, { name: 'case_10' }),
      evaluationImageDto(1, 0.5, { name: 'case_9' }),
    ];
    expect(sortImages(named, 'name', 'asc').map((i) => i.name)).toEqual(['case_9', 'case_10']);
  });
});
