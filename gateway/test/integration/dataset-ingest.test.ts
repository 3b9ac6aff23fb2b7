import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetCount, listKeys, pendingMultipartUploads, upload } from './datasets.helpers';
import { type Stack, startStack } from './stack';

/** Uploads and imports that must be refused before any dataset exists: nothing may be left behind. */
describe('dataset ingest refusals leave nothing in S3 or SQLite', () => {
  let stack: Stack;
  let dir: string;
  let server: Server;
  let serverUrl: string;

  beforeAll(async () => {
    // 1 MiB archive limit so "too large" needs only a small file.
    stack = await startStack({ MEDSEG_DATASET_MAX_ARCHIVE_MB: '1' });
    dir = mkdtempSync(join(tmpdir(), 'medseg-ingest-'));
    server = createServer((req, res) => {
      const hops = /^\/redirect\/(\d+)$/.exec(req.url ?? '');
      if (hops) {
        const n = Number(hops[1]);
        res.writeHead(302, { location: n > 0 ? `/redirect/${n - 1}` : '/not-a-zip' }).end();
      } else if (req.url === '/not-a-zip') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login page</html>');
      } else if (req.url === '/big.zip') {
        res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) }).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.close();
    await stack?.stop();
  });

  async function expectNothingStored(): Promise<void> {
    expect(await datasetCount(stack)).toBe(0);
    expect(await listKeys(stack, 'datasets/')).toEqual([]);
    expect(await pendingMultipartUploads(stack)).toBe(0);
  }

  it('answers 400 for a file that is not a ZIP', async () => {
    const file = join(dir, 'report.zip');
    writeFileSync(file, '%PDF-1.7 this is a PDF renamed to .zip');
    const res = await upload(stack, file);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/report\.zip is not a ZIP archive/);
    await expectNothingStored();
  });

  it('answers 413 naming the limit for an archive over MEDSEG_DATASET_MAX_ARCHIVE_MB', async () => {
    const file = join(dir, 'huge.zip');
    writeFileSync(file, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(3 * 1024 * 1024)]));
    const res = await upload(stack, file);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/larger than the 1 MiB limit \(MEDSEG_DATASET_MAX_ARCHIVE_MB\)/);
    await expectNothingStored();
  });

  it('answers 400 when the multipart request has no archive field', async () => {
    const form = new FormData();
    form.set('name', 'nothing attached');
    const res = await stack.fetch(`${stack.url}/api/datasets`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/field named "archive"/);
    await expectNothingStored();
  });

  it('answers 415 for a JSON body', async () => {
    const res = await stack.fetch(`${stack.url}/api/datasets`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(415);
    await expectNothingStored();
  });

  it('aborts the S3 multipart upload when the client cancels midway', async () => {
    // A slow body: the first bytes arrive, then the client gives up.
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      async start(c) {
        const boundary = '--medsegboundary\r\nContent-Disposition: form-data; name="archive"; filename="a.zip"\r\nContent-Type: application/zip\r\n\r\n';
        c.enqueue(new TextEncoder().encode(boundary));
        c.enqueue(new Uint8Array(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(256 * 1024)])));
        await new Promise((r) => setTimeout(r, 500));
        controller.abort();
      },
    });
    await expect(
      stack.fetch(`${stack.url}/api/datasets`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'multipart/form-data; boundary=medsegboundary' },
        signal: controller.signal,
        duplex: 'half',
      } as RequestInit),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    await expectNothingStored();
  });

  it.each([
    ['ftp://example.org/a.zip', /Only http:\/\/ and https:\/\//],
    ['http://127.0.0.1:1/a.zip', /loopback, private or link-local/],
    ['http://169.254.169.254/latest/meta-data/', /loopback, private or link-local/],
    ['http://localhost:8080/api/health', /loopback, private or link-local/],
  ])('refuses to import %s with 400', async (url, message) => {
    const res = await stack.fetch(`${stack.url}/api/datasets/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
    await expectNothingStored();
  });

  it('answers 400 naming the field when the import body has no url', async () => {
    const res = await stack.fetch(`${stack.url}/api/datasets/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('url');
  });

  describe('with MEDSEG_IMPORT_ALLOW_PRIVATE=true', () => {
    beforeAll(async () => {
      await stack.restartGateway({ MEDSEG_IMPORT_ALLOW_PRIVATE: 'true' });
    });

    const importUrl = (url: string) =>
      stack.fetch(`${stack.url}/api/datasets/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });

    it('follows up to 3 redirects and then refuses a page that is not a ZIP', async () => {
      const res = await importUrl(`${serverUrl}/redirect/2`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/not-a-zip is not a ZIP archive/);
      await expectNothingStored();
    });

    it('refuses more than 3 redirects', async () => {
      const res = await importUrl(`${serverUrl}/redirect/5`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/redirects more than 3 times/);
      await expectNothingStored();
    });

    it('refuses a download whose Content-Length is over the limit before reading it', async () => {
      const res = await importUrl(`${serverUrl}/big.zip`);
      expect(res.status).toBe(413);
      await expectNothingStored();
    });

    it('reports the HTTP status of a missing file', async () => {
      const res = await importUrl(`${serverUrl}/missing.zip`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/answered HTTP 404/);
      await expectNothingStored();
    });
  });
});
