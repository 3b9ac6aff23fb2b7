import { describe, expect, it } from 'vitest';
import { JobState, StatusReason } from '../generated/medseg/v1/job';
import { lastEventIdOf } from '../util/sse';
import { reasonName, stateName, statusEvent, toJobEventDto } from './job-events';

describe('job events', () => {
  it('names states and reasons from the generated enums', () => {
    expect(stateName(JobState.JOB_STATE_RUNNING)).toBe('running');
    expect(stateName(JobState.JOB_STATE_CANCELLED)).toBe('cancelled');
    expect(stateName(JobState.JOB_STATE_UNSPECIFIED)).toBe('queued');
    expect(reasonName(StatusReason.STATUS_REASON_STORAGE_ERROR)).toBe('storage_error');
    expect(reasonName(StatusReason.STATUS_REASON_STOPPED_EARLY)).toBe('stopped_early');
    expect(reasonName(StatusReason.STATUS_REASON_UNSPECIFIED)).toBeNull();
  });

  it("keeps the ml-service's paths and traces out of a status message", () => {
    const status = toJobEventDto({
      sequence: 3,
      timeUnixMs: 1,
      status: {
        state: JobState.JOB_STATE_FAILED,
        queuePosition: 0,
        message: "Training failed: [Errno 28] No space left on device: '/data/ml-cache/jobs/j1/checkpoint.pt'\nTraceback (most recent call last):",
        reason: StatusReason.STATUS_REASON_INTERNAL_ERROR,
      },
    });
    expect(status?.status?.message).toBe("Training failed: [Errno 28] No space left on device: '…/checkpoint.pt'");
  });

  it('maps a status event with its reason, and a training completed event without its card', () => {
    const status = toJobEventDto({
      sequence: 7,
      timeUnixMs: Date.UTC(2026, 0, 1),
      status: { state: JobState.JOB_STATE_FAILED, queuePosition: 0, message: 'disk full', reason: StatusReason.STATUS_REASON_STORAGE_ERROR },
    });
    expect(status).toEqual({
      sequence: 7,
      time: '2026-01-01T00:00:00.000Z',
      type: 'status',
      status: { state: 'failed', queuePosition: 0, reason: 'storage_error', message: 'disk full' },
    });
    const completed = toJobEventDto({
      sequence: 8,
      timeUnixMs: 1,
      trainingCompleted: {
        bestEpoch: 3, bestValDice: 0.9, cardJson: '{"big":true}', bestWeightsSha256: '', lastWeightsSha256: '',
        bestWeightsBytes: 1, lastWeightsBytes: 1, stoppedEarly: true,
      },
    });
    expect(completed).toMatchObject({ type: 'completed', completed: { bestEpoch: 3, bestValDice: 0.9, stoppedEarly: true } });
    expect(JSON.stringify(completed)).not.toContain('cardJson');
  });

  it('maps a Dice or IoU without a value (NaN on the wire) to null', () => {
    const epoch = toJobEventDto({
      sequence: 3,
      timeUnixMs: 1,
      epoch: {
        epoch: 1, epochs: 2, trainLoss: 0.5, valLoss: 0.4, valDice: Number.NaN, valIou: Number.NaN,
        valDicePerClass: [0.9, Number.NaN], valIouPerClass: [0.8, Number.NaN], learningRate: 0.001,
        samplesPerSecond: 10, elapsedSeconds: 1, etaSeconds: 1, isBest: true,
      },
    });
    expect(epoch?.epoch).toMatchObject({ valDice: null, valIou: null, valDicePerClass: [0.9, null], valIouPerClass: [0.8, null] });
    expect(JSON.parse(JSON.stringify(epoch))).toEqual(epoch);
    const completed = toJobEventDto({
      sequence: 4,
      timeUnixMs: 1,
      trainingCompleted: {
        bestEpoch: 1, bestValDice: Number.NaN, cardJson: '', bestWeightsSha256: '', lastWeightsSha256: '',
        bestWeightsBytes: 1, lastWeightsBytes: 1, stoppedEarly: false,
      },
    });
    expect(completed?.completed?.bestValDice).toBeNull();
  });

  it('returns null for an event without a payload', () => {
    expect(toJobEventDto({ sequence: 1, timeUnixMs: 1 })).toBeNull();
  });

  it('writes the gateway own status after the last sequence', () => {
    expect(statusEvent(4, 'cancelled', 'cancelled_by_user', 'cancelled')).toMatchObject({
      sequence: 5,
      type: 'status',
      status: { state: 'cancelled', reason: 'cancelled_by_user', queuePosition: 0 },
    });
  });

  it('reads Last-Event-ID, then ?after=, else 0', () => {
    expect(lastEventIdOf('12', '3')).toBe(12);
    expect(lastEventIdOf(undefined, '3')).toBe(3);
    expect(lastEventIdOf('x', undefined)).toBe(0);
    expect(lastEventIdOf(undefined, undefined)).toBe(0);
  });
});
