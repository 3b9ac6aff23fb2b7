/**
 * Names of label values (contract of issue 12: `LabelName {value, name, color}` from dataset.json,
 * labels.json, DICOM-SEG or the model card). Everyone who shows a label asks here.
 */
export interface LabelName {
  value: number;
  name: string;
  /** `#rrggbb`, or empty for the platform palette. */
  color: string;
}

/** The name of `value`, else "label <value>" (and "background" for 0 without a name). */
export function labelName(labels: readonly LabelName[] | null | undefined, value: number): string {
  const named = labels?.find((label) => label.value === value)?.name?.trim();
  if (named) return named;
  return value === 0 ? 'background' : `label ${value}`;
}
