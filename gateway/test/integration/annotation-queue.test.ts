import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadAndSettle } from './datasets.helpers';
import { type Stack, startStack } from './stack';
import { createModel, waitForModel } from './training.helpers';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

interface QueueBody {
  version: number;
  ordering: string;
  items: { caseIndex: number; name: string; score: number | null }[];
}

// 24 training pairs; 6 unlabeled copies of training images and 6 unlabeled cases of regimes the model
// never saw (ml-service/tests/queue_factory.py). Seeded, so every run trains on the same pixels.
const TRAIN = 24;
const EACH = 6;
// Enough for the model to be sure of its own training images (Dice ~0.97) in a few seconds on a CPU.
const HYPERPARAMETERS = {
  inputSize: 64, depth: 3, baseChannels: 8, batchSize: 4, epochs: 30, learningRate: 0.01,
  augmentation: false, validationFraction: 0.125, seed: 7,
};

describe('the annotation queue ordered by a model', () => {
  let stack: Stack;
  let datasetId: string;
  let modelId: string;
  let droppedId: string;

  const queue = async (query: string): Promise<QueueBody> => {
    const res = await stack.fetch(`${stack.url}/api/datasets/${datasetId}/annotation-queue?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as QueueBody;
  };
  /** Every hard case scores above every easy one, by a clear margin (not a coin toss on ties). */
  const expectHardFirst = (body: QueueBody) => {
    const scores = (prefix: string) => body.items.filter((i) => i.name.startsWith(prefix)).map((i) => i.score!);
    const hard = scores('hard_');
    const easy = scores('easy_');
    expect([hard.length, easy.length]).toEqual([EACH, EACH]);
    expect(body.items.slice(0, EACH).every((i) => i.name.startsWith('hard_')), JSON.stringify(body.items)).toBe(true);
    expect(Math.min(...hard), JSON.stringify(body.items)).toBeGreaterThan(2 * Math.max(...easy));
  };

  beforeAll(async () => {
    const archive = join(mkdtempSync(join(tmpdir(), 'medseg-queue-')), 'queue.zip');
    const made = spawnSync(services.PYTHON, ['tests/queue_factory.py', archive, String(TRAIN), String(EACH)], {
      cwd: join(services.ROOT, 'ml-service'),
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`queue_factory failed: ${made.stderr}`);
    stack = await startStack();
    const dataset = await uploadAndSettle(stack, archive, 'queue');
    expect(dataset.status, JSON.stringify(dataset.errors)).toBe('ready');
    datasetId = dataset.id;
    // The same network with dropout 0.2 (MONAI Label's epistemic default), for Monte-Carlo dropout.
    const ids = [];
    for (const [name, extra] of [['queue', {}], ['queue-dropout', { dropout: 0.2 }]] as const) {
      const res = await createModel(stack, { name, datasetId, hyperparameters: { ...HYPERPARAMETERS, ...extra } });
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    [modelId, droppedId] = ids;
    for (const id of ids) {
      const model = await waitForModel(stack, id, (m) => m.status !== 'training', 250_000);
      expect(model.status, model.error ?? '').toBe('completed');
    }
  }, 540_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists the unlabeled cases in index order without a model', async () => {
    const body = await queue('');
    expect(body.ordering).toBe('index');
    expect(body.items).toHaveLength(2 * EACH);
    expect(body.items.every((i) => i.score === null)).toBe(true);
  });

  it('puts every case unlike the training images before every copy of one, by mean entropy', async () => {
    const body = await queue(`modelId=${modelId}&method=entropy`);
    expect(body).toMatchObject({ version: 1, ordering: 'entropy' });
    expectHardFirst(body);
  });

  it('falls back to entropy for mc-dropout when the network has no dropout layer, and says so', async () => {
    // MONAI's UNet as the platform builds it has dropout 0: the proto's documented fallback.
    const body = await queue(`modelId=${modelId}&method=mc-dropout`);
    expect(body.ordering).toBe('entropy');
    expectHardFirst(body);
    expect(body.items).toEqual((await queue(`modelId=${modelId}&method=entropy`)).items);
  });

  it('orders by Monte-Carlo dropout variance for a model trained with dropout, hard cases first', async () => {
    const detail = await stack.fetch(`${stack.url}/api/models/${droppedId}`);
    expect(((await detail.json()) as { hyperparameters: { dropout: number } }).hyperparameters.dropout).toBe(0.2);
    const body = await queue(`modelId=${droppedId}&method=mc-dropout`);
    expect(body).toMatchObject({ version: 1, ordering: 'mc-dropout' });
    expect(body.items.every((i) => i.score! > 0), JSON.stringify(body.items)).toBe(true);
    expectHardFirst(body);
  });

  it('refuses a dropout above 0.5 with a 400 naming the range', async () => {
    const res = await createModel(stack, { name: 'bad', datasetId, hyperparameters: { ...HYPERPARAMETERS, dropout: 0.7 } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('dropout must be from 0 to 0.5');
  });
});
