import { modelDto } from '../../testing/model-fixtures';
import { canRetryUpload, modelChip } from './model.model';

describe('modelChip', () => {
  it('tells a cancel from a failure by the reason, not by the message', () => {
    const cancelled = modelDto({
      status: 'failed',
      jobState: 'failed',
      error: 'stopped',
      reason: 'cancelled_by_user',
    });
    expect(modelChip(cancelled)).toEqual({ tone: 'muted', label: 'Cancelled' });

    const broken = modelDto({
      status: 'failed',
      jobState: 'failed',
      error: 'cancelled',
      reason: 'out_of_memory',
    });
    expect(modelChip(broken)).toEqual({ tone: 'error', label: 'Failed' });
  });

  it('shows a training stopped early as completed, its best epoch being the model', () => {
    const stopped = modelDto({ status: 'completed', reason: 'stopped_early', stoppedEarly: true });
    expect(modelChip(stopped)).toEqual({ tone: 'ok', label: 'Completed' });
  });

  it('shows the running epoch and the queue position', () => {
    expect(
      modelChip(modelDto({ status: 'training', jobState: 'queued', queuePosition: 3 })),
    ).toEqual({ tone: 'waiting', label: 'Queued #3' });
    expect(
      modelChip(modelDto({ status: 'training', jobState: 'running', epochsDone: 4, epochs: 30 })),
    ).toEqual({ tone: 'active', label: 'Epoch 5/30' });
  });
});

describe('canRetryUpload', () => {
  it('offers the retry only for a failed upload', () => {
    expect(canRetryUpload(modelDto({ status: 'failed', reason: 'storage_error' }))).toBe(true);
    expect(canRetryUpload(modelDto({ status: 'failed', reason: 'internal_error' }))).toBe(false);
    expect(canRetryUpload(modelDto({ status: 'completed', reason: null }))).toBe(false);
  });
});
