import { type JobProgress, type JobReason, type JobState } from '../../shared/jobs/job.model';

/** Mean, median, population std and count of one metric over the images where it is defined. */
export interface Stat {
  mean: number | null;
  median: number | null;
  std: number | null;
  count: number;
}

export interface MetricStats {
  dice: Stat;
  iou: Stat;
  /** Pixels. */
  hausdorff95: Stat;
  /** Symmetric average surface distance, pixels. */
  surfaceDistance: Stat;
}

export interface ClassMetricStats extends MetricStats {
  classIndex: number;
  labelValue: number;
}

export interface Aggregate extends MetricStats {
  /** Foreground classes only. */
  perClass: ClassMetricStats[];
}

export type EvaluationSubset = 'validation' | 'all';

export interface EvaluationDto {
  id: string;
  modelId: string;
  modelName: string;
  datasetId: string;
  datasetName: string;
  subset: EvaluationSubset;
  state: JobState;
  /** 1 = next to run; 0 when not queued. */
  queuePosition: number;
  error: string | null;
  reason: JobReason | null;
  progress: JobProgress | null;
  imageCount: number;
  failedCount: number;
  aggregate: Aggregate | null;
  /** ISO 8601. */
  createdAt: string;
  finishedAt: string | null;
}

export interface ImageMetrics {
  dice: number | null;
  iou: number | null;
  hausdorff95: number | null;
  surfaceDistance: number | null;
}

export interface EvaluationImageDto extends ImageMetrics {
  position: number;
  pairIndex: number;
  name: string;
  width: number;
  height: number;
  perClass: (ImageMetrics & { classIndex: number; labelValue: number })[];
  error: string | null;
}

export interface BatchFailure {
  inputName: string;
  error: string;
}

export interface BatchDto {
  id: string;
  modelId: string;
  modelName: string;
  source: 'archive' | 'dataset';
  inputName: string;
  datasetId: string | null;
  state: JobState;
  queuePosition: number;
  error: string | null;
  reason: JobReason | null;
  progress: JobProgress | null;
  imageCount: number;
  failedCount: number;
  aggregate: Aggregate | null;
  failures: BatchFailure[];
  masksBytes: number;
  csvBytes: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface CreateEvaluationBody {
  datasetId?: string;
  subset?: EvaluationSubset;
}

export type ExportFormat = 'onnx' | 'torchscript';

export const EXPORT_FORMATS: readonly { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'onnx', label: 'ONNX', hint: 'model.onnx, verified with onnxruntime' },
  {
    value: 'torchscript',
    label: 'TorchScript',
    hint: 'model.torchscript.pt, loads with torch.jit.load',
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
