/**
 * What a label value stands for, as the gateway sends it everywhere (`LabelNameDto`: a dataset's
 * `labels`, a model's, a volume result's). One home for how the UI names a label.
 */
export interface LabelName {
  value: number;
  /** Empty when the dataset names none. */
  name: string;
  /** "#rrggbb", empty for the platform palette. */
  color?: string;
}

/** The label's name, or "label <value>" when the dataset names none (or there is no list). */
export function labelName(labels: readonly LabelName[] | null | undefined, value: number): string {
  const name = labels?.find((l) => l.value === value)?.name.trim();
  return name ? name : `label ${value}`;
}
