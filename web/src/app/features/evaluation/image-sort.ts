import { type EvaluationImageDto } from './evaluation.model';

export type ImageSortKey = 'name' | 'dice' | 'iou' | 'hausdorff95' | 'surfaceDistance' | 'nsd';
export type ImageSortDirection = 'asc' | 'desc' | '';

export const IMAGE_SORT_KEYS: readonly ImageSortKey[] = [
  'name',
  'dice',
  'iou',
  'hausdorff95',
  'surfaceDistance',
  'nsd',
];

/** The table opens on the worst images: lowest Dice first. */
export const DEFAULT_IMAGE_SORT = { active: 'dice' as ImageSortKey, direction: 'asc' as const };

/**
 * The images in table order. Images without a value (failed ones, or a class absent from both)
 * stay last in either direction, so sorting never buries the worst scored ones under them.
 * Without a direction the default (Dice ascending) applies.
 */
export function sortImages(
  images: readonly EvaluationImageDto[],
  active: ImageSortKey,
  direction: ImageSortDirection,
): EvaluationImageDto[] {
  const key = direction ? active : DEFAULT_IMAGE_SORT.active;
  const sign = (direction || DEFAULT_IMAGE_SORT.direction) === 'asc' ? 1 : -1;
  return [...images].sort((a, b) => {
    if (key === 'name') return sign * a.name.localeCompare(b.name, undefined, { numeric: true });
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) {
      if (x === y) return a.position - b.position;
      return x === null ? 1 : -1;
    }
    return sign * (x - y) || a.position - b.position;
  });
}
