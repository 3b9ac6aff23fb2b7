import { spawnSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, makeArchives, uploadAndSettle } from './datasets.helpers';
import { type BatchBody, trainTiny, waitForJob } from './jobs.helpers';
import { type Stack, startStack } from './stack';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/** Small files that claim gigabytes (ml-service/tests/crafted_files.py): name → a fragment of its reason. */
function makeCrafted(dir: string): Record<string, string> {
  const made = spawnSync(services.PYTHON, ['tests/crafted_files.py', dir], { cwd: join(services.ROOT, 'ml-service'), encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`crafted_files failed: ${made.stderr}`);
  return JSON.parse(readFileSync(join(dir, 'crafted.json'), 'utf8')) as Record<string, string>;
}

describe('decode budgets through the gateway: crafted files refused at upload, in segment and in batches', () => {
  let stack: Stack;
  let dir: string;
  let crafted: Record<string, string>;
  let modelId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medseg-crafted-'));
    crafted = makeCrafted(dir);
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    // The bombs are about 3 MB: under this limit, so it reaches the ml-service's budget.
    stack = await startStack({ MEDSEG_INFERENCE_MAX_UPLOAD_MB: '5' });
    modelId = await trainTiny(stack, await uploadAndSettle(stack, archive('png_8bit'), 'png'));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const segment = async (file: Buffer, name: string) => {
    const form = new FormData();
    form.set('image', new Blob([new Uint8Array(file)]), name);
    return stack.fetch(`${stack.url}/api/models/${modelId}/segment?persist=false`, { method: 'POST', body: form });
  };

  it('keeps the valid pair of an uploaded dataset and names the limit each crafted file breaks', async () => {
    const dataset = await uploadAndSettle(stack, join(dir, 'crafted.zip'), 'crafted');
    expect(dataset).toMatchObject({ status: 'ready', pairCount: 1 });
    const detail = (await (await stack.fetch(`${stack.url}/api/datasets/${dataset.id}`)).json()) as DatasetBody;
    const reasons = new Map((detail.warnings ?? []).map((w) => [w.path, w.reason]));
    for (const [name, reason] of Object.entries(crafted)) expect(reasons.get(`images/${name}`)).toContain(reason);
  });

  it('answers 400 naming the limit and its setting for every crafted file sent to segment', async () => {
    for (const [name, reason] of Object.entries(crafted)) {
      const res = await segment(readFileSync(join(dir, name)), name);
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as { message: string };
      expect(body.message).toContain(`${name}: `);
      expect(body.message).toContain(reason);
      expect(body.message).not.toContain(dir);
    }
  });

  it('answers 413 naming MEDSEG_INFERENCE_MAX_UPLOAD_MB for an image over the upload limit', async () => {
    const res = await segment(Buffer.alloc(6 * 1024 * 1024), 'huge.png');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe(
      'huge.png is larger than the 5 MiB limit (MEDSEG_INFERENCE_MAX_UPLOAD_MB); send a smaller file or raise the limit',
    );
  });

  it('fails each crafted file of a batch alone, with its reason, and segments the rest', async () => {
    const zip = join(dir, 'crafted-batch.zip');
    const form = new FormData();
    form.set('archive', await openAsBlob(zip), basename(zip));
    const res = await stack.fetch(`${stack.url}/api/models/${modelId}/batches`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const batch = await waitForJob<BatchBody>(stack, `${stack.url}/api/batches/${id}`);
    expect(batch.state, batch.error ?? '').toBe('completed');
    const failures = new Map(batch.failures.map((f) => [f.inputName, f.error]));
    expect(failures.has('valid.png')).toBe(false);
    for (const [name, reason] of Object.entries(crafted)) expect(failures.get(name)).toContain(reason);
  });
});
