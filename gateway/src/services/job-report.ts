import type { BatchFailureDto } from '../dtos/batch.dto';
import type { Subset } from '../dtos/evaluation.dto';
import type { AggregateDto, ClassImageMetricsDto, DistanceUnit, ImageMetricsDto, JobProgressDto } from '../dtos/job.dto';
import type { NewEvaluationImageRow } from '../db/schema';
import { type Json, arr, classImageMetrics, distanceUnit, imageMetrics, num, obj, parseAggregate, str } from './report-metrics';

export { parseAggregate, parseAggregateJson } from './report-metrics';

/**
 * The report files the ml-service writes (docs/evaluation.md): JSON read into the camelCase shapes
 * the API serves. Parsing is lenient per field and strict on the format tag. v2 reports (per volume,
 * mm) are what the ml-service writes now; v1 reports (per slice, px) stay readable for old jobs.
 */
export const EVALUATION_FORMAT = 'medseg-evaluation-v2';
export const BATCH_FORMAT = 'medseg-batch-v2';
const EVALUATION_FORMATS = ['medseg-evaluation-v1', EVALUATION_FORMAT];
const BATCH_FORMATS = ['medseg-batch-v1', BATCH_FORMAT];

export type ItemKind = 'image' | 'volume';

export interface ImageReport extends ImageMetricsDto {
  position: number;
  pairIndex: number;
  name: string;
  inputName: string;
  width: number;
  height: number;
  /** volume: a whole case scored in 3D; image: a 2D image (every item of a v1 report). */
  kind: ItemKind;
  /** (slices, rows, columns) of a volume, (rows, columns) of an image. */
  shape: number[];
  /** mm per axis of a volume; 1s for pixels. */
  spacing: number[];
  distanceUnit: DistanceUnit;
  caseIndex: number | null;
  perClass: ClassImageMetricsDto[];
  error: string | null;
}

export interface ReportCommon {
  modelId: string;
  datasetId: string | null;
  createdAt: string | null;
  finishedAt: string | null;
  imageCount: number;
  failedCount: number;
  aggregate: AggregateDto | null;
  images: ImageReport[];
  /** The job's last progress, from the report's own timing: what a finished job's page shows. */
  finalProgress: JobProgressDto;
  /** The user who started the job (from its start request); null before accounts. */
  ownerId: string | null;
  /** Predicted with test-time mirroring; false in reports written before it existed. */
  testTimeMirroring: boolean;
}

export interface EvaluationReport extends ReportCommon {
  evaluationId: string;
  subset: Subset;
}

export interface BatchReport extends ReportCommon {
  batchId: string;
  source: 'archive' | 'dataset';
  inputName: string;
  failures: BatchFailureDto[];
}

const numbers = (v: unknown): number[] => arr(v).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

function parseImages(v: unknown): ImageReport[] {
  return arr(v).map((item, i) => {
    const o = obj(item);
    const error = typeof o.error === 'string' && o.error ? o.error : null;
    return {
      position: num(o.position, i),
      pairIndex: num(o.pair_index, -1),
      name: str(o.name, str(o.input_name)),
      inputName: str(o.input_name, str(o.name)),
      width: num(o.width),
      height: num(o.height),
      kind: o.kind === 'volume' ? 'volume' : 'image',
      shape: numbers(o.shape).length > 0 ? numbers(o.shape) : [num(o.height), num(o.width)],
      spacing: numbers(o.spacing),
      distanceUnit: distanceUnit(o.distanceUnit),
      caseIndex: typeof o.caseIndex === 'number' ? o.caseIndex : null,
      ...imageMetrics(o),
      perClass: classImageMetrics('perClass' in o ? o.perClass : o.per_class),
      error,
    };
  });
}

function parse(text: string, formats: string[]): Json | null {
  let report: Json;
  try {
    report = obj(JSON.parse(text));
  } catch {
    return null;
  }
  return formats.includes(str(report.format)) ? report : null;
}

function common(r: Json): ReportCommon {
  const images = parseImages(r.images);
  return {
    modelId: str(r.model_id),
    datasetId: typeof r.dataset_id === 'string' && r.dataset_id ? r.dataset_id : null,
    ownerId: typeof r.owner_id === 'string' && r.owner_id ? r.owner_id : null,
    testTimeMirroring: r.test_time_mirroring === true,
    createdAt: typeof r.created_at === 'string' ? r.created_at : null,
    finishedAt: typeof r.finished_at === 'string' ? r.finished_at : null,
    imageCount: num(r.image_count, images.length),
    failedCount: num(r.failed_count, images.filter((i) => i.error).length),
    aggregate: parseAggregate(r.aggregate),
    images,
    finalProgress: {
      done: num(r.image_count, images.length),
      total: num(r.image_count, images.length),
      failed: num(r.failed_count, images.filter((i) => i.error).length),
      imagesPerSecond: num(r.images_per_second),
      elapsedSeconds: num(r.seconds),
      etaSeconds: 0,
    },
  };
}

/** The evaluation_images rows of a report. */
export function evaluationImageRows(evaluationId: string, images: ImageReport[]): NewEvaluationImageRow[] {
  return images.map((img) => ({
    evaluation_id: evaluationId,
    position: img.position,
    pair_index: img.pairIndex,
    name: img.name,
    width: img.width,
    height: img.height,
    dice: img.dice,
    iou: img.iou,
    hausdorff95: img.hausdorff95,
    surface_distance: img.surfaceDistance,
    nsd: img.nsd,
    kind: img.kind,
    shape: img.shape,
    spacing: img.spacing,
    distance_unit: img.distanceUnit,
    case_index: img.caseIndex,
    per_class: img.perClass,
    error: img.error,
  }));
}

/** null for anything that is not a MedSeg evaluation report. */
export function parseEvaluationReport(text: string): EvaluationReport | null {
  const r = parse(text, EVALUATION_FORMATS);
  if (!r) return null;
  return { ...common(r), evaluationId: str(r.evaluation_id), subset: r.subset === 'validation' ? 'validation' : 'all' };
}

/** null for anything that is not a MedSeg batch report. */
export function parseBatchReport(text: string): BatchReport | null {
  const r = parse(text, BATCH_FORMATS);
  if (!r) return null;
  const base = common(r);
  return {
    ...base,
    batchId: str(r.batch_id),
    source: r.source === 'dataset' ? 'dataset' : 'archive',
    inputName: str(r.input_name),
    failures: base.images.filter((i) => i.error !== null).map((i) => ({ inputName: i.inputName, error: i.error! })),
  };
}
