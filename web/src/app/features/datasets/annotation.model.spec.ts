import { CaseTimer, annotationForm, conflictOf, nextInQueue } from './annotation.model';

describe('annotationForm', () => {
  it('names the fields as the contract does and leaves out the unused ones', () => {
    const form = annotationForm({
      mask: new Blob([new Uint8Array(3)]),
      baseVersion: 2,
      proposalSource: 'model',
      proposalModelId: 'm1',
      proposal: null,
      secondsSpent: 12.6,
    });
    expect(form.get('baseVersion')).toBe('2');
    expect(form.get('proposalSource')).toBe('model');
    expect(form.get('proposalModelId')).toBe('m1');
    expect(form.get('secondsSpent')).toBe('13');
    expect(form.has('proposal')).toBe(false);
    expect(form.has('onConflict')).toBe(false);
    expect((form.get('mask') as File).name).toBe('mask.nii.gz');
  });

  it('sends keep-both and no model id for an empty start', () => {
    const form = annotationForm({
      mask: new Blob([]),
      baseVersion: 1,
      proposalSource: 'empty',
      proposalModelId: 'ignored',
      proposal: new Blob([]),
      secondsSpent: 1,
      onConflict: 'keep-both',
    });
    expect(form.has('proposalModelId')).toBe(false);
    expect(form.get('onConflict')).toBe('keep-both');
    expect(form.has('proposal')).toBe(true);
  });
});

describe('conflictOf', () => {
  it('reads the other save of a 409 and nothing else', () => {
    const conflict = {
      caseIndex: 3,
      version: 4,
      annotationId: 'a',
      createdBy: { id: 'u', name: 'Ann' },
      createdAt: '2026-12-01T00:00:00Z',
      maskUrl: '/m',
    };
    expect(conflictOf({ status: 409, error: { conflict } })).toEqual(conflict);
    expect(conflictOf({ status: 409, error: { message: 'x' } })).toBeNull();
    expect(conflictOf({ status: 400, error: { conflict } })).toBeNull();
  });
});

describe('nextInQueue', () => {
  const items = [3, 5, 9].map((caseIndex) => ({
    caseIndex,
    name: `c${caseIndex}`,
    depth: 1,
    height: 1,
    width: 1,
    score: null,
  }));
  it('gives the item after the current one, the first for none, null at the end', () => {
    expect(nextInQueue(items, 5)?.caseIndex).toBe(9);
    expect(nextInQueue(items, null)?.caseIndex).toBe(3);
    expect(nextInQueue(items, 9)).toBeNull();
  });
});

describe('CaseTimer', () => {
  it('counts the open time without the paused stretches', () => {
    let t = 0;
    const timer = new CaseTimer(() => t);
    t = 2000;
    timer.pause();
    t = 10_000;
    timer.resume();
    t = 11_000;
    expect(timer.seconds).toBe(3);
  });
});
