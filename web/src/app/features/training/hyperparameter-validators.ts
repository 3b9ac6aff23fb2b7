import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import type { ParameterRange } from './model.model';

/** `1e-6` rather than `0.000001`; plain otherwise. */
export function formatLimit(value: number): string {
  return value !== 0 && Math.abs(value) < 0.001 ? value.toExponential() : String(value);
}

/**
 * Empty, not a number, outside the range, a fraction where a whole number is needed, or not a
 * multiple of `multiple()` (the input-size rule for the chosen network).
 */
export function numberInRange(
  range: ParameterRange | undefined,
  integer: boolean,
  multiple: () => number | null = () => null,
): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value: unknown = control.value;
    if (value === null || value === undefined || value === '') return { required: true };
    if (typeof value !== 'number' || !Number.isFinite(value)) return { number: true };
    if (integer && !Number.isInteger(value)) return { integer: true };
    if (range) {
      const low = range.minExclusive ? value <= range.min : value < range.min;
      if (low || value > range.max) return { range };
      if (range.allowed?.length && !range.allowed.includes(value)) return { range };
    }
    const m = multiple();
    if (m && value % m !== 0) return { multiple: m };
    return null;
  };
}

export function notBlank(control: AbstractControl): ValidationErrors | null {
  return typeof control.value === 'string' && control.value.trim() === ''
    ? { required: true }
    : null;
}

/** "Enter a whole number from 1 to 500." for a kind of number and the gateway's range. */
export function rangeMessage(kind: string, range: ParameterRange | undefined): string {
  if (!range) return `Enter ${kind}.`;
  const from = range.minExclusive
    ? `above ${formatLimit(range.min)}`
    : `from ${formatLimit(range.min)}`;
  return `Enter ${kind} ${from} to ${formatLimit(range.max)}.`;
}
