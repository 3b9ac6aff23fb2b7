import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';

/** Mean, median, population std, quartiles and count of one metric over the items where it is defined. */
export type Stat = ApiSchema<'StatDto'>;
export type Aggregate = ApiSchema<'AggregateDto'>;
export type MetricStats = Pick<
  Aggregate,
  'dice' | 'iou' | 'hausdorff95' | 'surfaceDistance' | 'nsd'
>;
export type ClassMetricStats = ApiSchema<'ClassMetricStatsDto'>;
export type EvaluationDto = ApiSchema<'EvaluationDto'>;
export type EvaluationSubset = EvaluationDto['subset'];
export type ImageMetrics = Omit<
  ApiSchema<'ClassImageMetricsDto'>,
  'classIndex' | 'labelValue' | 'name'
>;
export type EvaluationImageDto = ApiSchema<'EvaluationImageDto'>;
export type BatchFailure = ApiSchema<'BatchFailureDto'>;
export type BatchDto = ApiSchema<'BatchDto'>;
export type CreateEvaluationBody = ApiSchema<'CreateEvaluationDto'>;

export type ExportFormat = NonNullable<ApiQuery<'ExportController_export'>['format']>;

export const EXPORT_FORMATS: readonly { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'onnx', label: 'ONNX', hint: 'model.onnx, verified with onnxruntime' },
  {
    value: 'torchscript',
    label: 'TorchScript',
    hint: 'model.torchscript.pt, loads with torch.jit.load',
  },
  {
    value: 'monai-bundle',
    label: 'MONAI Bundle',
    hint: 'configs, models/model.pt and model.ts; MONAI Label and MONAI Deploy load it',
  },
];

export type DistanceUnit = Aggregate['distanceUnit'];
export type MetricKey = 'dice' | 'iou' | 'hausdorff95' | 'surfaceDistance' | 'nsd';

/** The metrics of the tables, in the order they are shown. */
export const METRICS: readonly {
  key: MetricKey;
  label: string;
  /** Distances are better low, overlaps high. */
  higherIsBetter: boolean;
  /** A distance, shown with its unit (mm for volumes, px for 2D images). */
  distance: boolean;
  digits: string;
}[] = [
  { key: 'dice', label: 'Dice', higherIsBetter: true, distance: false, digits: '1.3-3' },
  { key: 'iou', label: 'IoU', higherIsBetter: true, distance: false, digits: '1.3-3' },
  { key: 'hausdorff95', label: 'HD95', higherIsBetter: false, distance: true, digits: '1.2-2' },
  { key: 'surfaceDistance', label: 'ASD', higherIsBetter: false, distance: true, digits: '1.2-2' },
  { key: 'nsd', label: 'NSD', higherIsBetter: true, distance: false, digits: '1.3-3' },
];

/** "mm", "px", or "mm or px" for a mix of volumes and 2D images. */
export function unitText(unit: DistanceUnit | null | undefined): string {
  return unit === 'mixed' ? 'mm or px' : (unit ?? 'px');
}

/** "HD95 (mm)", "Dice"; NSD names its tolerance when known: "NSD @ 1 mm". */
export function metricLabel(
  metric: (typeof METRICS)[number],
  unit: DistanceUnit | null | undefined,
  tolerance: number | null = null,
): string {
  if (metric.distance) return `${metric.label} (${unitText(unit)})`;
  if (metric.key === 'nsd' && tolerance !== null) return `NSD @ ${tolerance} ${unitText(unit)}`;
  return metric.label;
}

/** "12 × 40 × 48 · 2.5 × 0.8 × 0.8 mm" for a volume, "48 × 40" (width × height) for an image. */
export function sizeText(image: EvaluationImageDto): string {
  if (image.kind !== 'volume') return `${image.width} × ${image.height}`;
  const shape = image.shape.join(' × ');
  if (image.distanceUnit !== 'mm' || image.spacing.length === 0)
    return `${shape} · no spacing (px)`;
  return `${shape} · ${image.spacing.map((s) => +s.toFixed(3)).join(' × ')} mm`;
}
