import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetCount, pendingMultipartUploads } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';

/** S3 going away in the middle of a streamed upload, then coming back. */
describe('storage outage during an upload', () => {
  let stack: Stack;

  beforeAll(async () => {
    // Sweep every incomplete upload nobody owns, however young (the default waits 5 minutes).
    stack = await startStack({ MEDSEG_S3_STALE_UPLOAD_S: '0' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 503 saying storage is down, keeps no dataset, and aborts the left-over upload once S3 is back', async () => {
    let stopped!: () => void;
    const s3Stopped = new Promise<void>((r) => (stopped = r));
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        const head = '--b\r\nContent-Disposition: form-data; name="archive"; filename="big.zip"\r\nContent-Type: application/zip\r\n\r\n';
        c.enqueue(new TextEncoder().encode(head));
        c.enqueue(new Uint8Array(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(1024 * 1024)])));
        // More than one 8 MiB part, so S3 holds a multipart upload when it stops.
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(randomBytes(1024 * 1024)));
        await s3Stopped;
        for (let i = 0; i < 20; i++) {
          c.enqueue(new Uint8Array(randomBytes(1024 * 1024)));
          await new Promise((r) => setTimeout(r, 20));
        }
        c.enqueue(new TextEncoder().encode('\r\n--b--\r\n'));
        c.close();
      },
    });
    const response = stack.fetch(`${stack.url}/api/datasets`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      duplex: 'half',
    } as RequestInit);

    await waitUntil(async () => (await pendingMultipartUploads(stack)) > 0);
    await stack.stopS3();
    stopped();

    const res = await response;
    expect(res.status).toBe(503);
    const { message } = (await res.json()) as { message: string };
    expect(message).toMatch(/S3 unavailable at .*storage is down; try again once it is back/);
    expect(await datasetCount(stack)).toBe(0);

    await stack.startS3();
    await waitUntil(async () => (await pendingMultipartUploads(stack)) === 0, 60_000);
  }, 180_000);
});
