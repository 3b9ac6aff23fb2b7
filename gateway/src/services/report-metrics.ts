import type {
  AggregateDto,
  ClassImageMetricsDto,
  ClassMetricStatsDto,
  DistanceUnit,
  ImageMetricsDto,
  MetricStatsDto,
  StatDto,
} from '../dtos/job.dto';
import { DISTANCE_UNITS } from '../dtos/job.dto';
import { metricValue } from '../util/metric-value';

/**
 * The metrics of both report generations, read into one API shape. v1 (medseg-*-v1): per 2D slice,
 * pixels, snake_case (hausdorff95, surface_distance, per_class, class_index, label_value, count). v2
 * (medseg-*-v2, docs/evaluation.md): per volume or image with its distanceUnit, camelCase (hd95, asd,
 * nsd, perClass, classIndex, value, name, n, p25, p75). Each field is read from whichever key is there.
 */
export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
/** The first key of `keys` that `o` has (v2 name first, then the v1 one). */
const pick = (o: Json, ...keys: string[]): unknown => o[keys.find((k) => k in o) ?? keys[0]];

export function distanceUnit(v: unknown): DistanceUnit {
  return (DISTANCE_UNITS as readonly unknown[]).includes(v) ? (v as DistanceUnit) : 'px';
}

function stat(v: unknown): StatDto {
  const s = obj(v);
  return {
    mean: metricValue(s.mean),
    median: metricValue(s.median),
    std: metricValue(s.std),
    p25: metricValue(s.p25),
    p75: metricValue(s.p75),
    count: num(pick(s, 'n', 'count')),
  };
}

function metricStats(v: Json): MetricStatsDto {
  return {
    dice: stat(v.dice),
    iou: stat(v.iou),
    hausdorff95: stat(pick(v, 'hd95', 'hausdorff95')),
    surfaceDistance: stat(pick(v, 'asd', 'surface_distance')),
    nsd: stat(v.nsd),
  };
}

export function imageMetrics(v: Json): ImageMetricsDto {
  return {
    dice: metricValue(v.dice),
    iou: metricValue(v.iou),
    hausdorff95: metricValue(pick(v, 'hd95', 'hausdorff95')),
    surfaceDistance: metricValue(pick(v, 'asd', 'surface_distance')),
    nsd: metricValue(v.nsd),
  };
}

const classIds = (o: Json) => ({
  classIndex: num(pick(o, 'classIndex', 'class_index')),
  labelValue: num(pick(o, 'value', 'label_value')),
  name: str(o.name),
});

export function classImageMetrics(v: unknown): ClassImageMetricsDto[] {
  return arr(v).map((c) => {
    const o = obj(c);
    return { ...classIds(o), ...imageMetrics(o) };
  });
}

/** The report's `aggregate` object (also sent as JobCompleted.aggregate_json); null stays null. */
export function parseAggregate(value: unknown): AggregateDto | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const a = value as Json;
  return {
    ...metricStats(a),
    distanceUnit: distanceUnit(a.distanceUnit),
    surfaceTolerance: metricValue(a.surfaceTolerance),
    perClass: arr(pick(a, 'perClass', 'per_class')).map((c): ClassMetricStatsDto => {
      const o = obj(c);
      return { ...classIds(o), ...metricStats(o) };
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
