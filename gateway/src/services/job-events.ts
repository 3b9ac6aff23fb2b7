import type { JobState } from '../db/schema';
import type { JobEventDto, StatusReason } from '../dtos/job-event.dto';
import type { EpochDto } from '../dtos/model.dto';
import { type EpochMetrics, type JobEvent, JobState as PbJobState, StatusReason as PbStatusReason } from '../generated/medseg/v1/job';
import { metricValue, metricValues } from '../util/metric-value';
import { publicMessage } from '../util/public-message';

/** `JOB_STATE_RUNNING` -> `running`; unknown and unspecified states read as queued. */
export function stateName(state: PbJobState): JobState {
  const name = PbJobState[state] as string | undefined;
  if (!name || state === PbJobState.JOB_STATE_UNSPECIFIED || state === PbJobState.UNRECOGNIZED) return 'queued';
  return name.slice('JOB_STATE_'.length).toLowerCase() as JobState;
}

/** `STATUS_REASON_STORAGE_ERROR` -> `storage_error`; unspecified -> null. */
export function reasonName(reason: PbStatusReason): StatusReason | null {
  const name = PbStatusReason[reason] as string | undefined;
  if (!name || reason === PbStatusReason.STATUS_REASON_UNSPECIFIED || reason === PbStatusReason.UNRECOGNIZED) return null;
  return name.slice('STATUS_REASON_'.length).toLowerCase() as StatusReason;
}

/** An epoch as the API serves it: a Dice/IoU without a value (NaN on the wire) is null. */
function epochDto(epoch: EpochMetrics): EpochDto {
  return {
    ...epoch,
    valDice: metricValue(epoch.valDice),
    valIou: metricValue(epoch.valIou),
    valDicePerClass: metricValues(epoch.valDicePerClass),
    valIouPerClass: metricValues(epoch.valIouPerClass),
  };
}

/**
 * The browser's view of one ml-service event. Payloads keep the generated field names (they are
 * already the API's camelCase), so no field list is copied here; a training's card stays out.
 */
export function toJobEventDto(event: JobEvent): JobEventDto | null {
  const base = { sequence: event.sequence, time: new Date(event.timeUnixMs || Date.now()).toISOString() };
  if (event.status) {
    const { state, queuePosition, reason, message } = event.status;
    // The ml-service's message can quote its paths or a library: only what may leave is kept.
    return { ...base, type: 'status', status: { state: stateName(state), queuePosition, reason: reasonName(reason), message: publicMessage(message) } };
  }
  if (event.step) return { ...base, type: 'step', step: { ...event.step } };
  if (event.epoch) return { ...base, type: 'epoch', epoch: epochDto(event.epoch) };
  if (event.progress) return { ...base, type: 'progress', progress: { ...event.progress } };
  if (event.trainingCompleted) {
    const { bestEpoch, bestValDice, stoppedEarly } = event.trainingCompleted;
    return { ...base, type: 'completed', completed: { bestEpoch, bestValDice: metricValue(bestValDice), stoppedEarly } };
  }
  if (event.completed) return { ...base, type: 'completed', completed: { ...event.completed } };
  return null;
}

/** A status event the gateway writes itself (a job lost, a retried upload), after `lastSequence`. */
export function statusEvent(lastSequence: number, state: JobState, reason: StatusReason | null, message: string): JobEventDto {
  return { sequence: lastSequence + 1, time: new Date().toISOString(), type: 'status', status: { state, queuePosition: 0, reason, message: publicMessage(message) } };
}
