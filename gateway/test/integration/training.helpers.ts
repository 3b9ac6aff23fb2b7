import type { Stack } from './stack';
import { waitUntil } from './stack';

export interface Sse {
  id: number;
  type: string;
  data: Record<string, unknown>;
}

export interface ModelBody {
  id: string;
  name: string;
  version: number;
  status: 'training' | 'completed' | 'failed';
  jobState: string;
  queuePosition: number;
  error: string | null;
  reason: string | null;
  stoppedEarly: boolean;
  epochsDone: number;
  bestDice: number | null;
  history?: { epoch: number; valDice: number; trainLoss: number }[];
  weights?: { bestBytes: number; bestSha256: string } | null;
  split?: { method: string; trainCount: number; valCount: number } | null;
  classes?: { labelValues: number[]; classCount: number } | null;
  hyperparameters?: Record<string, unknown>;
  metrics: { bestEpoch: number; bestDice: number | null; bestIou: number | null; perClass: { labelValue: number }[]; epochsRun: number } | null;
  postProcessing?: { largestComponentClasses: number[]; minComponentSize: { classIndex: number; size: number }[]; note: string } | null;
}

/** Reads an SSE stream to its end (the server closes it after the final status). */
export async function readSse(stack: Stack, url: string, lastEventId?: number, timeoutMs = 120_000): Promise<Sse[]> {
  const res = await stack.fetch(url, {
    headers: lastEventId ? { 'last-event-id': String(lastEventId) } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status !== 200) throw new Error(`SSE ${url}: ${res.status} ${await res.text()}`);
  expectEventStream(res);
  const events: Sse[] = [];
  const text = await res.text();
  for (const block of text.split('\n\n')) {
    const fields = Object.fromEntries(
      block
        .split('\n')
        .filter((l) => l && !l.startsWith(':'))
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]),
    );
    if (fields.id && fields.data) events.push({ id: Number(fields.id), type: fields.event, data: JSON.parse(fields.data) as Record<string, unknown> });
  }
  return events;
}

/** The `job` events of a stream (JobEventDto as data), after its `snapshot`. */
export function jobEvents(events: Sse[]): Sse[] {
  return events.filter((e) => e.type === 'job');
}

/**
 * The shape every job stream has: one snapshot first, then job events in strictly rising
 * sequence (no gaps in what is stored, no repeats), ending with a terminal status.
 */
export function expectJobStream(events: Sse[], finalState: string): void {
  if (events[0]?.type !== 'snapshot') throw new Error(`the stream starts with ${events[0]?.type}, not snapshot`);
  if (events.slice(1).some((e) => e.type !== 'job')) throw new Error('a second snapshot, or an event that is not job');
  const ids = jobEvents(events).map((e) => e.id);
  if (ids.some((id, i) => i > 0 && id <= ids[i - 1])) throw new Error(`sequences not strictly rising: ${ids.join(', ')}`);
  if (ids.some((id, i) => id !== (events[i + 1].data as { sequence: number }).sequence)) throw new Error('an id that is not its sequence');
  const last = events.at(-1)!.data as { type: string; status?: { state: string } };
  if (last.type !== 'status' || last.status?.state !== finalState) throw new Error(`the stream ends with ${JSON.stringify(last)}`);
}

/**
 * Replays the stream from the middle with Last-Event-ID: a snapshot, then exactly the stored
 * events that came after that id (the same ones a full read gave), and nothing twice.
 */
export async function expectReplayAfter(stack: Stack, url: string, all: Sse[]): Promise<void> {
  const stored = jobEvents(all).filter((e) => ['status', 'epoch', 'completed'].includes((e.data as { type: string }).type));
  const from = stored[Math.floor(stored.length / 2)];
  const rest = await readSse(stack, url, from.id);
  if (rest[0]?.type !== 'snapshot') throw new Error('a replay starts with its snapshot');
  const got = jobEvents(rest).map((e) => e.id);
  const want = stored.filter((e) => e.id > from.id).map((e) => e.id);
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`replay after ${from.id}: got ${got.join(', ')}, want ${want.join(', ')}`);
}

function expectEventStream(res: Response): void {
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error('not an event stream');
}

export async function createModel(stack: Stack, body: Record<string, unknown>): Promise<Response> {
  return stack.fetch(`${stack.url}/api/models`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function getModel(stack: Stack, id: string): Promise<ModelBody> {
  return (await (await stack.fetch(`${stack.url}/api/models/${id}`)).json()) as ModelBody;
}

export async function waitForModel(stack: Stack, id: string, check: (m: ModelBody) => boolean, timeoutMs = 120_000): Promise<ModelBody> {
  let model: ModelBody | undefined;
  await waitUntil(async () => {
    model = await getModel(stack, id);
    return check(model);
  }, timeoutMs);
  return model!;
}

/** Tiny and fast: trains in a second or two per epoch on this CPU. */
export const TINY = { inputSize: 32, batchSize: 4, depth: 2, baseChannels: 4, augmentation: false, validationFraction: 0.25 };
