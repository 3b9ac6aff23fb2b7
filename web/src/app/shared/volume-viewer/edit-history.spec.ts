import { EditHistory, applyRuns, changedVoxels, diffRuns } from './edit-history';

describe('diffRuns', () => {
  it('keeps one run per stretch of equal old and new values', () => {
    const before = Uint8Array.from([0, 0, 0, 0, 2, 2, 0]);
    const after = Uint8Array.from([0, 1, 1, 1, 1, 2, 0]);
    const step = diffRuns(before, after);
    expect([...step]).toEqual([1, 3, 1, 4, 1, (2 << 8) | 1]);
    expect(changedVoxels(step)).toBe(4);
    const back = after.slice();
    applyRuns(back, step, 'undo');
    expect([...back]).toEqual([...before]);
  });

  it('is empty when nothing changed', () => {
    expect(diffRuns(new Uint8Array(5), new Uint8Array(5)).length).toBe(0);
  });
});

describe('EditHistory', () => {
  function stroke(drawing: Uint8Array, from: number, to: number, value: number): void {
    drawing.fill(value, from, to);
  }

  it('undoes and redoes more than 50 strokes with a few bytes each', () => {
    const drawing = new Uint8Array(128 * 128 * 128);
    const history = new EditHistory(drawing);
    for (let i = 0; i < 60; i++) {
      stroke(drawing, i * 1000, i * 1000 + 500, (i % 3) + 1);
      expect(history.record(drawing)).toBe(true);
    }
    expect(history.size).toBe(60);
    const after = drawing.slice();
    for (let i = 0; i < 60; i++) expect(history.undo(drawing)).toBe(true);
    expect(history.undo(drawing)).toBe(false);
    expect(drawing.every((v) => v === 0)).toBe(true);
    for (let i = 0; i < 60; i++) history.redo(drawing);
    expect(drawing).toEqual(after);
  });

  it('drops the redo steps on a new stroke and the oldest past the step limit', () => {
    const drawing = new Uint8Array(100);
    const history = new EditHistory(drawing, { maxSteps: 3, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) {
      stroke(drawing, i * 10, i * 10 + 5, 1);
      history.record(drawing);
    }
    expect(history.size).toBe(3);
    history.undo(drawing);
    stroke(drawing, 90, 95, 2);
    history.record(drawing);
    expect(history.canRedo).toBe(false);
    expect(history.size).toBe(3);
  });

  it('tells whether the drawing differs from the last save', () => {
    const drawing = new Uint8Array(10);
    const history = new EditHistory(drawing);
    expect(history.edited).toBe(false);
    stroke(drawing, 0, 2, 1);
    history.record(drawing);
    expect(history.edited).toBe(true);
    history.undo(drawing);
    expect(history.edited).toBe(false);
    history.redo(drawing);
    history.markSaved();
    expect(history.edited).toBe(false);
    expect(history.record(drawing)).toBe(false);
  });
});
