import { ApiProperty } from '@nestjs/swagger';
import type { AggregateDto, MetricStatsDto } from './job.dto';
import { EvaluationDto } from './evaluation.dto';

export const GAIN_METRICS = ['dice', 'iou', 'nsd', 'hausdorff95', 'surfaceDistance'] as const;
export type GainMetric = (typeof GAIN_METRICS)[number];
/** Distances shrink as a model gets better; overlaps grow. */
const LOWER_IS_BETTER: readonly GainMetric[] = ['hausdorff95', 'surfaceDistance'];

export const GAIN_STATES = ['waiting-for-model', 'not-started', 'running', 'completed', 'failed'] as const;
export type GainState = (typeof GAIN_STATES)[number];

export class GainMetricDto {
  @ApiProperty({ enum: GAIN_METRICS }) metric!: GainMetric;
  @ApiProperty({ nullable: true, type: Number, description: "The parent's mean over the cases" }) parent!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "The child's mean over the same cases" }) child!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'child - parent; null when either is' }) difference!: number | null;
  @ApiProperty({ description: 'false for distances (hausdorff95, surfaceDistance): a negative difference is the gain' }) higherIsBetter!: boolean;
}

export class GainClassDto {
  @ApiProperty() classIndex!: number;
  @ApiProperty() labelValue!: number;
  @ApiProperty({ description: "'' when the dataset names none" }) name!: string;
  @ApiProperty({ type: [GainMetricDto] }) metrics!: GainMetricDto[];
}

/**
 * A fine-tuned child against its parent on exactly the same cases: the child's validation split of
 * its dataset version (the masks as of that version, so corrected cases count with their corrections).
 */
export class ModelGainDto {
  @ApiProperty({ description: 'The child' }) modelId!: string;
  @ApiProperty() parentModelId!: string;
  @ApiProperty({ description: "The child's dataset version: the masks both are scored with" }) datasetVersion!: number;
  @ApiProperty({
    enum: GAIN_STATES,
    description:
      'waiting-for-model: the child (or parent) is not completed; not-started: an evaluation is missing (POST starts it); running; completed; failed: an evaluation failed (POST starts it again)',
  })
  state!: GainState;
  @ApiProperty({ type: EvaluationDto, nullable: true, description: "The parent's evaluation on the child's validation split" })
  parentEvaluation!: EvaluationDto | null;
  @ApiProperty({ type: EvaluationDto, nullable: true, description: "The child's evaluation on its own validation split" })
  childEvaluation!: EvaluationDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Cases (or images) scored, once both completed' }) caseCount!: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Both scored the same case list (always true unless a report is damaged); null until completed' })
  sameCases!: boolean | null;
  @ApiProperty({ type: [GainMetricDto], description: 'Aggregate means; empty until completed' }) metrics!: GainMetricDto[];
  @ApiProperty({ type: [GainClassDto], description: 'Per foreground class, where the reports have them' }) perClass!: GainClassDto[];
}

/** Parent vs child means of every metric, child - parent. */
export function gainMetrics(parent: MetricStatsDto, child: MetricStatsDto): GainMetricDto[] {
  return GAIN_METRICS.map((metric) => {
    const p = parent[metric]?.mean ?? null;
    const c = child[metric]?.mean ?? null;
    return { metric, parent: p, child: c, difference: p === null || c === null ? null : c - p, higherIsBetter: !LOWER_IS_BETTER.includes(metric) };
  });
}

/** The classes both aggregates have, by label value, in the child's order. */
export function gainPerClass(parent: AggregateDto, child: AggregateDto): GainClassDto[] {
  const byValue = new Map((parent.perClass ?? []).map((c) => [c.labelValue, c]));
  return (child.perClass ?? []).flatMap((c) => {
    const p = byValue.get(c.labelValue);
    return p ? [{ classIndex: c.classIndex, labelValue: c.labelValue, name: c.name, metrics: gainMetrics(p, c) }] : [];
  });
}
