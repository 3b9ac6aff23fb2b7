import { jobChip, jobPercent, jobProgressText } from './job.model';

describe('jobProgressText', () => {
  const progress = {
    done: 12,
    total: 35,
    failed: 0,
    imagesPerSecond: 3.94,
    elapsedSeconds: 3,
    etaSeconds: 80,
  };

  it('says images done of total, the rate and the time left while running', () => {
    expect(jobProgressText(progress, 'running')).toBe('Images 12/35 · 3.9 images/s · ETA 1m 20s');
    expect(jobPercent(progress)).toBeCloseTo((100 * 12) / 35);
  });

  it('counts failed images and leaves out what is not known yet', () => {
    expect(
      jobProgressText({ ...progress, failed: 2, imagesPerSecond: 0, etaSeconds: 0 }, 'running'),
    ).toBe('Images 12/35 · 2 failed');
    expect(jobProgressText(null, 'running')).toBe('Starting…');
    expect(jobProgressText(null, 'queued')).toBe('Waiting in the queue');
    expect(jobPercent(null)).toBe(0);
  });

  it('drops the ETA once the job is over', () => {
    expect(jobProgressText({ ...progress, done: 35 }, 'completed')).toBe(
      'Images 35/35 · 3.9 images/s',
    );
  });
});

describe('jobChip', () => {
  it('numbers a queued job and names the other states', () => {
    expect(jobChip('queued', 2)).toEqual({ tone: 'waiting', label: 'Queued #2' });
    expect(jobChip('queued')).toEqual({ tone: 'waiting', label: 'Queued' });
    expect(jobChip('running', 0)).toEqual({ tone: 'active', label: 'Running' });
    expect(jobChip('failed')).toEqual({ tone: 'error', label: 'Failed' });
    expect(jobChip('cancelled')).toEqual({ tone: 'muted', label: 'Cancelled' });
  });
});
