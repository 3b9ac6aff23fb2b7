import type { BatchFailureDto } from '../dtos/batch.dto';
import type { Subset } from '../dtos/evaluation.dto';
import type { AggregateDto, ClassImageMetricsDto, ClassMetricStatsDto, ImageMetricsDto, JobProgressDto, MetricStatsDto, StatDto } from '../dtos/job.dto';
import type { NewEvaluationImageRow } from '../db/schema';
import { metricValue } from '../util/metric-value';

/**
 * The report files the ml-service writes (docs/evaluation.md): snake_case JSON, read into the
 * camelCase shapes the API serves. Parsing is lenient per field and strict on the format tag.
 */
export const EVALUATION_FORMAT = 'medseg-evaluation-v1';
export const BATCH_FORMAT = 'medseg-batch-v1';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export interface ImageReport extends ImageMetricsDto {
  position: number;
  pairIndex: number;
  name: string;
  inputName: string;
  width: number;
  height: number;
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

function stat(v: unknown): StatDto {
  const s = obj(v);
  return { mean: metricValue(s.mean), median: metricValue(s.median), std: metricValue(s.std), count: num(s.count) };
}

function metricStats(v: Json): MetricStatsDto {
  return { dice: stat(v.dice), iou: stat(v.iou), hausdorff95: stat(v.hausdorff95), surfaceDistance: stat(v.surface_distance) };
}

function imageMetrics(v: Json): ImageMetricsDto {
  return { dice: metricValue(v.dice), iou: metricValue(v.iou), hausdorff95: metricValue(v.hausdorff95), surfaceDistance: metricValue(v.surface_distance) };
}

/** The report's `aggregate` object (also sent as JobCompleted.aggregate_json); null stays null. */
export function parseAggregate(value: unknown): AggregateDto | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const a = value as Json;
  return {
    ...metricStats(a),
    perClass: arr(a.per_class).map((c): ClassMetricStatsDto => {
      const o = obj(c);
      return { classIndex: num(o.class_index), labelValue: num(o.label_value), ...metricStats(o) };
    }),
  };
}

export function parseAggregateJson(text: string): AggregateDto | null {
  if (!text) return null;
  try {
    return parseAggregate(JSON.parse(text));
  } catch {
    return null;
  }
}

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
      ...imageMetrics(o),
      perClass: arr(o.per_class).map((c) => {
        const pc = obj(c);
        return { classIndex: num(pc.class_index), labelValue: num(pc.label_value), ...imageMetrics(pc) };
      }),
      error,
    };
  });
}

function parse(text: string, format: string): Json | null {
  let report: Json;
  try {
    report = obj(JSON.parse(text));
  } catch {
    return null;
  }
  return report.format === format ? report : null;
}

function common(r: Json): ReportCommon {
  const images = parseImages(r.images);
  return {
    modelId: str(r.model_id),
    datasetId: typeof r.dataset_id === 'string' && r.dataset_id ? r.dataset_id : null,
    ownerId: typeof r.owner_id === 'string' && r.owner_id ? r.owner_id : null,
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
    per_class: img.perClass,
    error: img.error,
  }));
}

/** null for anything that is not a MedSeg evaluation report. */
export function parseEvaluationReport(text: string): EvaluationReport | null {
  const r = parse(text, EVALUATION_FORMAT);
  if (!r) return null;
  return { ...common(r), evaluationId: str(r.evaluation_id), subset: r.subset === 'validation' ? 'validation' : 'all' };
}

/** null for anything that is not a MedSeg batch report. */
export function parseBatchReport(text: string): BatchReport | null {
  const r = parse(text, BATCH_FORMAT);
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
