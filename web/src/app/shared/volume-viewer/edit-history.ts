/**
 * Undo/redo of a label drawing (one byte per voxel) as run-length-encoded diffs: each step keeps
 * only the voxels a stroke changed, as runs of (start, length, old value, new value), so a brush
 * stroke over a 256³ volume costs a few hundred bytes instead of a 16 MB copy. The oldest steps
 * are dropped past `maxSteps` or `maxBytes`.
 */
export interface EditHistoryOptions {
  maxSteps: number;
  maxBytes: number;
}

export const DEFAULT_HISTORY: EditHistoryOptions = { maxSteps: 100, maxBytes: 64 * 1024 * 1024 };

/** One step: runs of changed voxels, 3 numbers each (start, length, old << 8 | new). */
export type EditStep = Uint32Array;

/**
 * The runs where `after` differs from `before`, split wherever the old or new value changes.
 * One pass over the volume, no copies.
 */
export function diffRuns(before: Uint8Array, after: Uint8Array): EditStep {
  if (before.length !== after.length)
    throw new Error(`Drawings differ in size: ${before.length} vs ${after.length} voxels`);
  const runs: number[] = [];
  let start = -1;
  let pair = -1;
  // Unchanged stretches (nearly all of a volume) are skipped four voxels at a time.
  const aligned = before.byteOffset % 4 === 0 && after.byteOffset % 4 === 0;
  const words = aligned ? Math.floor(after.length / 4) : 0;
  const before32 = new Uint32Array(before.buffer, before.byteOffset, words);
  const after32 = new Uint32Array(after.buffer, after.byteOffset, words);
  for (let i = 0; i < after.length; i++) {
    if (pair === -1 && (i & 3) === 0) {
      let w = i >> 2;
      while (w < words && before32[w] === after32[w]) w++;
      if (w << 2 > i) {
        i = (w << 2) - 1;
        continue;
      }
    }
    const old = before[i];
    const now = after[i];
    const p = old === now ? -1 : (old << 8) | now;
    if (p === pair) continue;
    if (pair >= 0) runs.push(start, i - start, pair);
    start = i;
    pair = p;
  }
  if (pair >= 0) runs.push(start, after.length - start, pair);
  return Uint32Array.from(runs);
}

/** Writes the step's old (`undo`) or new values into `target`. */
export function applyRuns(target: Uint8Array, step: EditStep, direction: 'undo' | 'redo'): void {
  for (let r = 0; r < step.length; r += 3) {
    const value = direction === 'undo' ? step[r + 2] >> 8 : step[r + 2] & 0xff;
    target.fill(value, step[r], step[r] + step[r + 1]);
  }
}

/** Voxels a step changes. */
export function changedVoxels(step: EditStep): number {
  let n = 0;
  for (let r = 1; r < step.length; r += 3) n += step[r];
  return n;
}

/**
 * The history of one drawing. It keeps a shadow copy of the drawing as of the last step (one
 * volume, allocated once) to diff the next stroke against; `record` is called once per stroke,
 * never per mouse move.
 */
export class EditHistory {
  private readonly shadow: Uint8Array;
  private steps: EditStep[] = [];
  /** What each step was, for whoever made it (a guided prompt's step carries its prompt); null for a stroke. */
  private tags: unknown[] = [];
  /** Steps[0, position) are done; steps[position, …) can be redone. */
  private position = 0;
  private bytes = 0;
  /** Position at the last save (or load); -1 once that step was dropped. */
  private savedAt = 0;

  constructor(
    initial: Uint8Array,
    private readonly options: EditHistoryOptions = DEFAULT_HISTORY,
  ) {
    this.shadow = initial.slice();
  }

  get canUndo(): boolean {
    return this.position > 0;
  }

  get canRedo(): boolean {
    return this.position < this.steps.length;
  }

  /** Whether the drawing differs from what was loaded or last saved. */
  get edited(): boolean {
    return this.position !== this.savedAt;
  }

  get size(): number {
    return this.steps.length;
  }

  /** The tag of the step `undo` would undo; null when none or untagged. */
  get undoTag(): unknown {
    return this.canUndo ? this.tags[this.position - 1] : null;
  }

  /** The tag of the step `redo` would redo. */
  get redoTag(): unknown {
    return this.canRedo ? this.tags[this.position] : null;
  }

  /** Records what changed in `drawing` since the last step, tagged `tag`; false when nothing did. */
  record(drawing: Uint8Array, tag: unknown = null): boolean {
    const step = diffRuns(this.shadow, drawing);
    // A tagged step is kept even empty: undoing a prompt that changed nothing still drops the prompt.
    if (step.length === 0 && tag === null) return false;
    applyRuns(this.shadow, step, 'redo');
    for (const dropped of this.steps.splice(this.position)) this.bytes -= dropped.byteLength;
    this.tags.splice(this.position);
    if (this.savedAt > this.position) this.savedAt = -1;
    this.steps.push(step);
    this.tags.push(tag);
    this.bytes += step.byteLength;
    this.position++;
    while (
      this.steps.length > 1 &&
      (this.steps.length > this.options.maxSteps || this.bytes > this.options.maxBytes)
    ) {
      this.bytes -= this.steps.shift()!.byteLength;
      this.tags.shift();
      this.position--;
      this.savedAt = this.savedAt > 0 ? this.savedAt - 1 : -1;
    }
    return true;
  }

  /** Undoes the last step in `drawing`; false when there is none. */
  undo(drawing: Uint8Array): boolean {
    if (!this.canUndo) return false;
    const step = this.steps[--this.position];
    applyRuns(drawing, step, 'undo');
    applyRuns(this.shadow, step, 'undo');
    return true;
  }

  redo(drawing: Uint8Array): boolean {
    if (!this.canRedo) return false;
    const step = this.steps[this.position++];
    applyRuns(drawing, step, 'redo');
    applyRuns(this.shadow, step, 'redo');
    return true;
  }

  /** The drawing as it is now counts as saved. */
  markSaved(): void {
    this.savedAt = this.position;
  }
}
