import { type ApiQuery, type ApiSchema } from '../../shared/api-schema';

/** Mean, median, population std and count of one metric over the images where it is defined. */
export type Stat = ApiSchema<'StatDto'>;
export type Aggregate = ApiSchema<'AggregateDto'>;
export type MetricStats = Omit<Aggregate, 'perClass'>;
export type ClassMetricStats = ApiSchema<'ClassMetricStatsDto'>;
export type EvaluationDto = ApiSchema<'EvaluationDto'>;
export type EvaluationSubset = EvaluationDto['subset'];
export type ImageMetrics = Omit<ApiSchema<'ClassImageMetricsDto'>, 'classIndex' | 'labelValue'>;
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

/** The rows of an aggregate table, in the order they are shown. */
export const METRICS: readonly {
  key: keyof MetricStats;
  label: string;
  /** Distances are better low, overlaps high. */
  higherIsBetter: boolean;
  digits: string;
}[] = [
  { key: 'dice', label: 'Dice', higherIsBetter: true, digits: '1.3-3' },
  { key: 'iou', label: 'IoU', higherIsBetter: true, digits: '1.3-3' },
  { key: 'hausdorff95', label: 'HD95 (px)', higherIsBetter: false, digits: '1.2-2' },
  { key: 'surfaceDistance', label: 'ASD (px)', higherIsBetter: false, digits: '1.2-2' },
];
