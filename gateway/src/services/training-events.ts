import type { JobState, ModelStatus } from '../db/schema';
import type { EpochDto, StepProgressDto } from '../dtos/model.dto';
import { JobState as PbJobState, type TrainingEvent } from '../generated/medseg/v1/training_service';
import { metricValue, metricValues } from '../util/metric-value';

/** One Server-Sent Event as the browser sees it: `id` is the ml-service's sequence number. */
export interface TrainingSse {
  sequence: number;
  type: 'status' | 'step' | 'epoch' | 'completed';
  data: StatusData | StepProgressDto | EpochDto | CompletedData;
}

export interface StatusData {
  state: JobState;
  queuePosition: number;
  message: string;
}

export interface CompletedData {
  bestEpoch: number;
  bestValDice: number | null;
}

export const JOB_STATES: Record<number, JobState> = {
  [PbJobState.JOB_STATE_QUEUED]: 'queued',
  [PbJobState.JOB_STATE_RUNNING]: 'running',
  [PbJobState.JOB_STATE_COMPLETED]: 'completed',
  [PbJobState.JOB_STATE_FAILED]: 'failed',
  [PbJobState.JOB_STATE_CANCELLED]: 'cancelled',
};

export const TERMINAL_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

/** The seed's model status for a job state; a cancelled job is a failed model with error "cancelled". */
export function modelStatusOf(state: JobState): ModelStatus {
  if (state === 'completed') return 'completed';
  if (state === 'failed' || state === 'cancelled') return 'failed';
  return 'training';
}

export function toSse(event: TrainingEvent): TrainingSse | null {
  const sequence = event.sequence;
  if (event.status) {
    return {
      sequence,
      type: 'status',
      data: { state: JOB_STATES[event.status.state] ?? 'queued', queuePosition: event.status.queuePosition, message: event.status.message },
    };
  }
  if (event.step) {
    const s = event.step;
    return {
      sequence,
      type: 'step',
      data: {
        epoch: s.epoch,
        epochs: s.epochs,
        step: s.step,
        totalSteps: s.totalSteps,
        trainLoss: s.trainLoss,
        samplesPerSecond: s.samplesPerSecond,
        elapsedSeconds: s.elapsedSeconds,
        etaSeconds: s.etaSeconds,
      },
    };
  }
  if (event.epoch) {
    const e = event.epoch;
    return {
      sequence,
      type: 'epoch',
      data: {
        epoch: e.epoch,
        epochs: e.epochs,
        trainLoss: e.trainLoss,
        valLoss: e.valLoss,
        valDice: metricValue(e.valDice),
        valIou: metricValue(e.valIou),
        valDicePerClass: metricValues(e.valDicePerClass),
        valIouPerClass: metricValues(e.valIouPerClass),
        learningRate: e.learningRate,
        samplesPerSecond: e.samplesPerSecond,
        elapsedSeconds: e.elapsedSeconds,
        etaSeconds: e.etaSeconds,
        isBest: e.isBest,
      },
    };
  }
  if (event.completed) {
    return { sequence, type: 'completed', data: { bestEpoch: event.completed.bestEpoch, bestValDice: metricValue(event.completed.bestValDice) } };
  }
  return null;
}
