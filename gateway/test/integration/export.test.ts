import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetBody, listKeys, makeArchives, s3Client, uploadAndSettle } from './datasets.helpers';
import { saveBody, startLongTraining, trainTiny, unzipFile, unzipList } from './jobs.helpers';
import { type Stack, startStack } from './stack';
import { waitForModel } from './training.helpers';

describe('model export through the gateway against the real ml-service', () => {
  let stack: Stack;
  let dataset: DatasetBody;
  let modelId: string;

  const exportUrl = (query: string, model = modelId) => `${stack.url}/api/models/${model}/export?${query}`;
  const lastModified = async (key: string) => {
    const client = s3Client(stack);
    const head = await client.send(new HeadObjectCommand({ Bucket: stack.config.s3.bucket, Key: key }));
    client.destroy();
    return head.LastModified?.toISOString();
  };

  beforeAll(async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    stack = await startStack();
    dataset = await uploadAndSettle(stack, archive('png_8bit'), 'png');
    modelId = await trainTiny(stack, dataset, 'brain mask');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 400 listing the allowed values for an unknown format or opset', async () => {
    const format = await stack.fetch(exportUrl('format=tflite'));
    expect(format.status).toBe(400);
    expect(JSON.stringify(await format.json())).toContain('format must be one of onnx, torchscript, monai-bundle');
    const opset = await stack.fetch(exportUrl('format=onnx&opset=99'));
    expect(opset.status).toBe(400);
    expect(JSON.stringify(await opset.json())).toMatch(/opset must be a whole number from \d+ to \d+/);
  });

  it('answers 409 for a model that is not completed', async () => {
    const training = await startLongTraining(stack, dataset);
    const res = await stack.fetch(exportUrl('format=onnx', training));
    expect(res.status).toBe(409);
    await stack.fetch(`${stack.url}/api/models/${training}/cancel`, { method: 'POST' });
    await waitForModel(stack, training, (m) => m.status !== 'training');
  });

  it('exports ONNX as a ZIP with the model, its card and export.json, then serves it from S3', async () => {
    const res = await stack.fetch(exportUrl('format=onnx&opset=17'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="brain_mask-v1-onnx.zip"');
    expect(res.headers.get('x-medseg-opset')).toBe('17');
    const difference = Number(res.headers.get('x-medseg-max-abs-difference'));
    expect(difference).toBeGreaterThanOrEqual(0);
    expect(difference).toBeLessThan(1e-3);
    const bytes = Buffer.from(await res.clone().arrayBuffer());
    const zip = await saveBody(res, 'onnx.zip');
    expect(unzipList(zip)).toEqual(['export.json', 'model.json', 'model.onnx']);
    const info = JSON.parse(unzipFile(zip, 'export.json').toString('utf8')) as { format: string; file: string; opset_version: number; model_id: string };
    expect(info).toMatchObject({ format: 'onnx', file: 'model.onnx', opset_version: 17, model_id: modelId });

    const key = `models/${modelId}/export/onnx-opset17.zip`;
    expect(await listKeys(stack, `models/${modelId}/export/`)).toContain(key);
    const written = await lastModified(key);
    const again = await stack.fetch(exportUrl('format=onnx&opset=17'));
    expect(again.status).toBe(200);
    expect(again.headers.get('x-medseg-opset')).toBe('17');
    expect(Number(again.headers.get('x-medseg-max-abs-difference'))).toBe(difference);
    expect(Buffer.from(await again.arrayBuffer())).toEqual(bytes);
    expect(await lastModified(key)).toBe(written);
  });

  it('exports TorchScript once for concurrent first requests', async () => {
    const [a, b] = await Promise.all([stack.fetch(exportUrl('format=torchscript')), stack.fetch(exportUrl('format=torchscript'))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get('content-disposition')).toBe('attachment; filename="brain_mask-v1-torchscript.zip"');
    const [bytesA, bytesB] = [Buffer.from(await a.clone().arrayBuffer()), Buffer.from(await b.arrayBuffer())];
    expect(bytesA).toEqual(bytesB);
    const zip = await saveBody(a, 'ts.zip');
    expect(unzipList(zip)).toEqual(['export.json', 'model.json', 'model.torchscript.pt']);
    expect(JSON.parse(unzipFile(zip, 'export.json').toString('utf8'))).toMatchObject({ format: 'torchscript' });
    expect((await listKeys(stack, `models/${modelId}/export/`)).filter((k) => k.includes('torchscript'))).toEqual([
      `models/${modelId}/export/torchscript.json`,
      `models/${modelId}/export/torchscript.zip`,
    ]);
  });

  it('uses opset 18 when none is given', async () => {
    const res = await stack.fetch(exportUrl('format=onnx'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-medseg-opset')).toBe('18');
    await res.arrayBuffer();
  });

  it('exports a MONAI Bundle with its configs, weights and docs', async () => {
    const res = await stack.fetch(exportUrl('format=monai-bundle'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="brain_mask-v1-monai-bundle.zip"');
    const zip = await saveBody(res, 'bundle.zip');
    expect(unzipList(zip)).toEqual(['configs/inference.json', 'configs/metadata.json', 'docs/README.md', 'models/model.json', 'models/model.pt', 'models/model.ts']);
    expect(JSON.parse(unzipFile(zip, 'configs/inference.json').toString('utf8'))).toMatchObject({ inferer: { _target_: 'SimpleInferer' } });
    expect((await listKeys(stack, `models/${modelId}/export/`)).filter((k) => k.includes('monai-bundle'))).toEqual([
      `models/${modelId}/export/monai-bundle.json`,
      `models/${modelId}/export/monai-bundle.zip`,
    ]);
  });
});
