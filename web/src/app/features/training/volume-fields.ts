import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** "96 × 96 × 64" for a (slice, row, column) triple; '' for none. */
export function formatTriple(values: readonly number[] | undefined): string {
  return values?.length ? values.join(' × ') : '';
}

/** Three numbers separated by ×, x, commas or spaces; null when it is not that. */
export function parseTriple(text: string): number[] | null {
  const parts = text
    .split(/[×x,\s]+/i)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length !== 3) return null;
  const values = parts.map(Number);
  return values.every(Number.isFinite) ? values : null;
}

/**
 * A (slice, row, column) triple: whole numbers from `min` (patch size, voxels) or numbers of at
 * least 0 (target spacing, mm; all 0 keeps each volume's own). The ml-service checks the rest
 * (multiples of the depth's rule, the voxel budget) and its message lands on the field.
 */
export function tripleValidator(kind: 'patch' | 'spacing', min: () => number): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const values = parseTriple(String(control.value ?? ''));
    if (!values) return { triple: true };
    if (kind === 'patch' && !values.every((v) => Number.isInteger(v) && v >= min())) {
      return { triple: true };
    }
    if (kind === 'spacing' && !values.every((v) => v >= 0)) return { triple: true };
    return null;
  };
}

export function tripleMessage(kind: 'patch' | 'spacing', min: number): string {
  return kind === 'patch'
    ? `Enter 3 whole numbers of at least ${min} (slice × row × column).`
    : 'Enter 3 spacings in mm (slice × row × column), or 0 × 0 × 0 to keep each volume’s own.';
}
