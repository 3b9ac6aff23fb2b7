import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DatasetBody } from './datasets.helpers';
import type { Stack } from './stack';
import { waitUntil } from './stack';
import { TINY, createModel, waitForModel } from './training.helpers';

type Stat = { mean: number | null; median: number | null; std: number | null; count: number };
type MetricStats = { dice: Stat; iou: Stat; hausdorff95: Stat; surfaceDistance: Stat };

export interface JobBody {
  id: string;
  modelId: string;
  modelName: string;
  state: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  queuePosition: number;
  error: string | null;
  reason: string | null;
  progress: { done: number; total: number; failed: number; imagesPerSecond: number; elapsedSeconds: number; etaSeconds: number } | null;
  imageCount: number;
  failedCount: number;
  testTimeMirroring: boolean;
  aggregate: (MetricStats & { perClass: (MetricStats & { classIndex: number; labelValue: number })[] }) | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface EvaluationBody extends JobBody {
  datasetId: string;
  datasetName: string;
  subset: 'validation' | 'all';
}

export interface BatchBody extends JobBody {
  source: 'archive' | 'dataset';
  inputName: string;
  datasetId: string | null;
  failures: { inputName: string; error: string }[];
  masksBytes: number;
  csvBytes: number;
}

export const TERMINAL = ['completed', 'failed', 'cancelled'];

/** Trains the tiny test model to completion; returns its id. */
export async function trainTiny(stack: Stack, dataset: DatasetBody, name = 'tiny'): Promise<string> {
  const res = await createModel(stack, { name, datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 2, validationFraction: 0.35 } });
  if (res.status !== 201) throw new Error(`train: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const model = await waitForModel(stack, id, (m) => m.status !== 'training');
  if (model.status !== 'completed') throw new Error(`training failed: ${model.error}`);
  return id;
}

/** A model that trains for a long time (cancel it when done). */
export async function startLongTraining(stack: Stack, dataset: DatasetBody): Promise<string> {
  const res = await createModel(stack, { name: 'long', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 500 } });
  return ((await res.json()) as { id: string }).id;
}

export async function postJson(stack: Stack, url: string, body: unknown): Promise<Response> {
  return stack.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function getJson<T>(stack: Stack, url: string): Promise<T> {
  const res = await stack.fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function waitForJob<T extends JobBody>(stack: Stack, url: string, check: (job: T) => boolean = (j) => TERMINAL.includes(j.state), timeoutMs = 120_000): Promise<T> {
  let job: T | undefined;
  await waitUntil(async () => {
    job = await getJson<T>(stack, url);
    return check(job);
  }, timeoutMs);
  return job!;
}

/** Writes `files` (path inside the ZIP -> bytes) into a new ZIP file; returns its path. */
export function makeZip(files: Record<string, Buffer>, name = 'images.zip'): string {
  const dir = mkdtempSync(join(tmpdir(), 'medseg-zip-'));
  const content = join(dir, 'content');
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(content, path)), { recursive: true });
    writeFileSync(join(content, path), data);
  }
  const zip = join(dir, name);
  execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: content, maxBuffer: 64 * 1024 * 1024 });
  return zip;
}

export function unzipList(zip: string): string[] {
  return execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l && !l.endsWith('/'))
    .sort();
}

export function unzipFile(zip: string, entry: string): Buffer {
  return execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 256 * 1024 * 1024 });
}

/** Saves a response body to a temp file (for unzip). */
export async function saveBody(res: Response, name: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'medseg-dl-')), name);
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  return path;
}
