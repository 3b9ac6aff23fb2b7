import { FakeEventSource } from '../../testing/fake-event-source';
import { JOB_STREAM_RETRY_MS, JobEventStream } from './job-event-source';
import { type JobEventDto, type JobState } from './job.model';

interface Job {
  id: string;
  state: string;
}

const URL = '/api/evaluations/e1/events';

function status(sequence: number, state: JobState): JobEventDto {
  return {
    sequence,
    time: '',
    type: 'status',
    status: { state, queuePosition: 0, reason: null, message: '' },
  };
}

function progress(sequence: number, done: number): JobEventDto {
  return {
    sequence,
    time: '',
    type: 'progress',
    progress: { done, total: 10, failed: 0, imagesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 1 },
  };
}

describe('JobEventStream', () => {
  let snapshots: Job[];
  let events: number[];
  let ended: number;
  let stream: JobEventStream<Job>;

  beforeEach(() => {
    snapshots = [];
    events = [];
    ended = 0;
    stream = new JobEventStream<Job>(FakeEventSource.factory(), URL, {
      snapshot: (job) => snapshots.push(job),
      terminal: (job) => job.state === 'completed',
      event: (event) => events.push(event.sequence),
      ended: () => ended++,
    });
  });

  it('delivers the snapshot, then only the events it does not already reflect, in order and once', () => {
    stream.open();
    const source = FakeEventSource.last();
    expect(source.url).toBe(URL);
    expect(stream.live()).toBe('connecting');
    source.open();
    expect(stream.live()).toBe('open');

    source.emit('snapshot', { id: 'e1', state: 'running' }, 4);
    // Stored events the snapshot already has (a first connect replays them all).
    source.emit('job', status(2, 'running'), 2);
    source.emit('job', progress(4, 3), 4);
    source.emit('job', progress(5, 4), 5);
    source.emit('job', progress(5, 4), 5);
    source.emit('job', progress(6, 5), 6);

    expect(snapshots).toEqual([{ id: 'e1', state: 'running' }]);
    expect(events).toEqual([5, 6]);
  });

  it('closes itself after a terminal status and says the job ended', () => {
    stream.open();
    const source = FakeEventSource.last();
    source.emit('snapshot', { id: 'e1', state: 'running' }, 1);
    source.emit('job', status(2, 'completed'), 2);
    expect(events).toEqual([2]);
    expect(source.closed).toBe(true);
    expect(stream.live()).toBe('closed');
    expect(ended).toBe(1);
    // Nothing after the close reaches the handlers.
    source.emit('job', progress(3, 1), 3);
    expect(events).toEqual([2]);
  });

  it('closes after the snapshot of a job that is already over', () => {
    stream.open();
    const source = FakeEventSource.last();
    source.emit('snapshot', { id: 'e1', state: 'completed' }, 9);
    expect(snapshots).toHaveLength(1);
    expect(source.closed).toBe(true);
    expect(stream.live()).toBe('closed');
  });

  it('lets the browser reconnect a dropped connection, keeping what it had', () => {
    stream.open();
    const source = FakeEventSource.last();
    source.emit('snapshot', { id: 'e1', state: 'running' }, 3);
    source.emit('job', progress(4, 1), 4);
    source.fail();
    expect(stream.live()).toBe('connecting');
    expect(FakeEventSource.created).toHaveLength(1);
    // The browser resumes with Last-Event-ID: a snapshot, then what came after 4.
    source.emit('snapshot', { id: 'e1', state: 'running' }, 4);
    source.emit('job', progress(4, 1), 4);
    source.emit('job', progress(5, 2), 5);
    expect(events).toEqual([4, 5]);
    expect(snapshots).toHaveLength(2);
  });

  it('opens the stream again after a refusal, from the last sequence it had', () => {
    vi.useFakeTimers();
    try {
      stream.open();
      const first = FakeEventSource.last();
      first.emit('snapshot', { id: 'e1', state: 'running' }, 7);
      first.fail(true);
      expect(stream.live()).toBe('lost');
      expect(first.closed).toBe(true);
      vi.advanceTimersByTime(JOB_STREAM_RETRY_MS - 1);
      expect(FakeEventSource.created).toHaveLength(1);
      vi.advanceTimersByTime(1);
      const second = FakeEventSource.last();
      expect(second).not.toBe(first);
      expect(second.url).toBe(`${URL}?after=7`);
      // Still refused: the pause doubles.
      second.fail(true);
      vi.advanceTimersByTime(JOB_STREAM_RETRY_MS);
      expect(FakeEventSource.created).toHaveLength(2);
      vi.advanceTimersByTime(JOB_STREAM_RETRY_MS);
      const third = FakeEventSource.last();
      expect(FakeEventSource.created).toHaveLength(3);
      third.open();
      expect(stream.live()).toBe('open');
      third.emit('job', progress(8, 1), 8);
      expect(events).toEqual([8]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops retrying once closed', () => {
    vi.useFakeTimers();
    try {
      stream.open();
      FakeEventSource.last().fail(true);
      stream.close();
      vi.advanceTimersByTime(10 * JOB_STREAM_RETRY_MS);
      expect(FakeEventSource.created).toHaveLength(1);
      expect(stream.live()).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores an event whose data is not JSON', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    stream.open();
    const source = FakeEventSource.last();
    source.emit('snapshot', { id: 'e1', state: 'running' }, 1);
    source.emit('job', 'not json', 2);
    source.emit('job', progress(2, 1), 2);
    expect(events).toEqual([2]);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
