import { signal } from '@angular/core';
import { errorStatus } from '../api-error';
import { type EditStep } from './edit-history';
import { GuidedMask, type MaskChange, boxVoxels, inflate, sessionAxes } from './guided-mask';
import { type GuidedSessionClient, type PromptDto, type SessionDto } from './guided-session.client';

/** A stored case a guided model segments in a session. */
export interface GuideSource {
  modelId: string;
  datasetId: string;
  caseIndex: number;
}

/** The undo step of one prompt: its prompt and how it moved the model's shown result. */
export interface PromptStep {
  prompt: PromptDto;
  shownStep: EditStep;
}

/** What the drawing takes from one answer: RAS indices and the label value each now holds. */
export interface DrawingChange {
  rasIndices: Uint32Array;
  values: Uint8Array;
  step: PromptStep;
}

type Client = Pick<GuidedSessionClient, 'open' | 'prompt' | 'close'>;

/**
 * One case's guided session as the editor sees it: the prompts in force (each undo step of a
 * prompt takes its prompt out of the list, so the next request no longer holds it), one request at
 * a time, and a new session with the prompts sent again when the gateway says 410 (the
 * ml-service forgot it: expired or restarted).
 */
export class GuidedSession {
  private readonly _prompts = signal<readonly PromptDto[]>([]);
  readonly prompts = this._prompts.asReadonly();
  readonly busy = signal(false);
  private sessionId: string | null = null;
  private labelValues: readonly number[] = [];
  private mask: GuidedMask | null = null;
  /** The file axis of each session axis, once the session's grid is known. */
  private axes: [number, number, number] | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly source: GuideSource,
    private readonly perm: readonly [number, number, number],
    private readonly dims: readonly [number, number, number],
  ) {}

  /** A prompt drawn in the file's voxels (i, j, k) in the session grid's; null before it opened. */
  fromFile(prompt: PromptDto): PromptDto | null {
    const axes = this.axes;
    if (!axes) return null;
    const points: number[] = [];
    for (let v = 0; v + 2 < prompt.points.length; v += 3)
      points.push(...axes.map((n) => prompt.points[v + n]));
    const planeAxis = axes.indexOf(prompt.planeAxis ?? 2) as 0 | 1 | 2;
    return { ...prompt, points, planeAxis };
  }

  /** A prompt's vertices in the file's voxels (i, j, k). */
  fileVertices(prompt: PromptDto): [number, number, number][] {
    const axes = this.axes ?? [0, 1, 2];
    const out: [number, number, number][] = [];
    for (let v = 0; v + 2 < prompt.points.length; v += 3) {
      const file: [number, number, number] = [0, 0, 0];
      axes.forEach((n, s) => (file[n] = prompt.points[v + s]));
      out.push(file);
    }
    return out;
  }

  /** Opens the session; the drawing is taken to start from its automatic result. */
  open(): Promise<SessionDto> {
    return this.run(() => this.start(true));
  }

  /** Sends the prompts in force with `prompt`; what the drawing must change, as one step. */
  send(prompt: PromptDto): Promise<DrawingChange> {
    return this.run(async () => {
      const prompts = [...this._prompts(), prompt];
      const change = await this.request(prompts);
      this._prompts.set(prompts);
      const values = Uint8Array.from(change.classes, (c) => this.labelValues[c] ?? c);
      return {
        rasIndices: change.rasIndices,
        values,
        step: { prompt, shownStep: change.shownStep },
      };
    });
  }

  /** The drawing undid a prompt's step: the prompt is no longer in force. */
  undo(step: PromptStep): void {
    this.mask?.move(step.shownStep, 'undo');
    this._prompts.update((list) => list.filter((p) => p !== step.prompt));
  }

  redo(step: PromptStep): void {
    this.mask?.move(step.shownStep, 'redo');
    this._prompts.update((list) => [...list, step.prompt]);
  }

  /** The model's class of a label value; -1 for a value the model has no class of. */
  classOf(labelValue: number): number {
    return this.labelValues.indexOf(labelValue);
  }

  /** Forgets the prompts; the mask stays as it is (the next prompt starts from the automatic result). */
  clear(): void {
    this._prompts.set([]);
  }

  close(): void {
    this.closed = true;
    const id = this.sessionId;
    this.sessionId = null;
    if (id) this.client.close(id).catch(() => undefined);
  }

  private async start(asShown: boolean): Promise<SessionDto> {
    const s = this.source;
    const session = await this.client.open(s.modelId, s.datasetId, s.caseIndex);
    if (this.closed) {
      this.client.close(session.id).catch(() => undefined);
      throw new Error('The session was closed');
    }
    this.sessionId = session.id;
    this.labelValues = session.labelValues;
    if (!this.mask) {
      this.axes = sessionAxes(session.grid, this.perm, this.dims);
      this.mask = new GuidedMask(this.perm, this.dims, this.axes);
    }
    const m = session.mask;
    const voxels = m ? await inflate(base64Bytes(m.voxels), boxVoxels(m)) : null;
    this.mask.startSession(m ?? null, voxels, asShown);
    return session;
  }

  private async request(prompts: readonly PromptDto[]): Promise<MaskChange> {
    if (!this.sessionId) await this.start(false);
    let answer;
    try {
      answer = await this.client.prompt(this.sessionId!, prompts);
    } catch (error) {
      if (errorStatus(error) !== 410) throw error;
      await this.start(false);
      answer = await this.client.prompt(this.sessionId!, prompts);
    }
    const voxels = await inflate(answer.voxels, boxVoxels(answer.box));
    return this.mask!.apply(answer.box, voxels);
  }

  /** One request at a time, in order: each answer is a diff against the one before. */
  private run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.busy.set(true);
      try {
        return await task();
      } finally {
        this.busy.set(false);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
