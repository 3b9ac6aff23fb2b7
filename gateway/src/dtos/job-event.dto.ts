import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JobState } from '../db/schema';

export { STATUS_REASONS, type StatusReason } from './job.dto';
import { JOB_STATE_NAMES, JobProgressDto, STATUS_REASONS, type StatusReason } from './job.dto';
import { EpochDto, StepProgressDto } from './model.dto';

export const JOB_EVENT_TYPES = ['status', 'step', 'epoch', 'progress', 'completed'] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

export class JobStatusDto {
  @ApiProperty({ enum: JOB_STATE_NAMES }) state!: JobState;
  @ApiProperty({ description: '1 = next to run; 0 when not queued' }) queuePosition!: number;
  @ApiProperty({ enum: STATUS_REASONS, nullable: true, type: String }) reason!: StatusReason | null;
  @ApiProperty() message!: string;
}

/** The end of a job's work, before its final status: training best epoch, or report sizes. */
export class JobCompletedDto {
  @ApiPropertyOptional({ description: 'Training' }) bestEpoch?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Training; null when no validation image had a foreground class' })
  bestValDice?: number | null;
  @ApiPropertyOptional({ description: 'Training: a cancel kept the best checkpoint' }) stoppedEarly?: boolean;
  @ApiPropertyOptional({ description: 'Evaluation and batch' }) reportBytes?: number;
  @ApiPropertyOptional({ description: 'Batch' }) masksBytes?: number;
  @ApiPropertyOptional({ description: 'Batch' }) csvBytes?: number;
}

/**
 * One event of a job as the SSE streams send it (`event: job`, `id:` = sequence). Status, epoch
 * and completed events are stored and replayed; step and progress events are live only.
 */
export class JobEventDto {
  @ApiProperty({ description: "The ml-service's sequence number of the job's events" }) sequence!: number;
  @ApiProperty({ description: 'ISO-8601 UTC' }) time!: string;
  @ApiProperty({ enum: JOB_EVENT_TYPES }) type!: JobEventType;
  @ApiPropertyOptional({ type: JobStatusDto }) status?: JobStatusDto;
  @ApiPropertyOptional({ type: StepProgressDto }) step?: StepProgressDto;
  @ApiPropertyOptional({ type: EpochDto }) epoch?: EpochDto;
  @ApiPropertyOptional({ type: JobProgressDto }) progress?: JobProgressDto;
  @ApiPropertyOptional({ type: JobCompletedDto }) completed?: JobCompletedDto;
}

/** Event types kept in SQLite for replay; the others only update the row's latest progress. */
export const STORED_EVENT_TYPES: readonly JobEventType[] = ['status', 'epoch', 'completed'];

export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export function isTerminalEvent(event: JobEventDto): boolean {
  return event.type === 'status' && !!event.status && TERMINAL_STATES.includes(event.status.state);
}

export const JOB_SSE_DESCRIPTION =
  'Server-Sent Events: first `snapshot` (this resource as its GET returns it, id = its last event sequence), ' +
  'then `job` events (JobEventDto, id = sequence) stored after Last-Event-ID (or ?after=), then live ones; ' +
  'the stream ends after a terminal status';
