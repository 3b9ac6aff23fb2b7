import { spawnSync } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { basename, join } from 'node:path';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Stack } from './stack';
import { waitUntil } from './stack';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

export interface DatasetBody {
  id: string;
  name: string;
  status: 'uploaded' | 'ready' | 'error';
  archiveBytes: number;
  fileCount: number;
  pairCount: number;
  errors: string[];
  warningCount: number;
  progress: unknown;
  /** 1 until an annotation is saved. */
  latestVersion: number;
  stats?: { pairCount: number; volumeCount: number; channels: number; classCount: number; labelValues: number[]; formats: { name: string; count: number }[]; modalities: { name: string; count: number }[] } | null;
  warnings?: { path: string; reason: string }[];
}

/** Writes the test archives (ml-service/tests/archive_factory.py) into `dir`; returns a path per case. */
export function makeArchives(dir: string): (name: string) => string {
  const result = spawnSync(services.PYTHON, ['tests/archive_factory.py', dir], {
    cwd: join(services.ROOT, 'ml-service'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`archive_factory failed: ${result.stderr}`);
  return (name) => join(dir, `${name}.zip`);
}

export async function upload(stack: Stack, file: string, name?: string, signal?: AbortSignal): Promise<Response> {
  const form = new FormData();
  if (name) form.set('name', name);
  form.set('archive', await openAsBlob(file), basename(file));
  return stack.fetch(`${stack.url}/api/datasets`, { method: 'POST', body: form, signal });
}

export async function getDataset(stack: Stack, id: string): Promise<DatasetBody> {
  const res = await stack.fetch(`${stack.url}/api/datasets/${id}`);
  if (res.status !== 200) throw new Error(`GET dataset ${id}: ${res.status}`);
  return (await res.json()) as DatasetBody;
}

/** Polls until the dataset leaves 'uploaded'. */
export async function settled(stack: Stack, id: string): Promise<DatasetBody> {
  let body: DatasetBody | undefined;
  await waitUntil(async () => {
    body = await getDataset(stack, id);
    return body.status !== 'uploaded';
  }, 120_000);
  return body!;
}

export async function uploadAndSettle(stack: Stack, file: string, name?: string): Promise<DatasetBody> {
  const res = await upload(stack, file, name);
  if (res.status !== 201) throw new Error(`upload ${file}: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as DatasetBody;
  return settled(stack, created.id);
}

export function s3Client(stack: Stack): S3Client {
  const { s3 } = stack.config;
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint ?? undefined,
    forcePathStyle: true,
    credentials: s3.credentials ?? undefined,
  });
}

export async function listKeys(stack: Stack, prefix: string): Promise<string[]> {
  const client = s3Client(stack);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: stack.config.s3.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  client.destroy();
  return keys.sort();
}

export async function pendingMultipartUploads(stack: Stack): Promise<number> {
  const client = s3Client(stack);
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: stack.config.s3.bucket }));
  client.destroy();
  return out.Uploads?.length ?? 0;
}

export async function datasetCount(stack: Stack): Promise<number> {
  const res = await stack.fetch(`${stack.url}/api/datasets?pageSize=200`);
  return ((await res.json()) as { total: number }).total;
}
