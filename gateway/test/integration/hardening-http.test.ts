import { mkdirSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapHealthStatus } from '../../src/dtos/health.dto';
import { HealthService } from '../../src/services/health.service';
import { datasetCount, listKeys, pendingMultipartUploads } from './datasets.helpers';
import { type Stack, startStack, waitUntil } from './stack';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with the Host header a browser on another name would send (fetch may not set Host). */
function get(stack: Stack, path: string, host?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.url}${path}`, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

describe('hardening at the HTTP edge, against the real gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    await waitUntil(async () => (await stack.fetch(`${stack.url}/api/health`)).status === 200);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('Host allow-list', () => {
    it('refuses a foreign Host with 421 naming MEDSEG_PUBLIC_URL, before any route runs', async () => {
      for (const path of ['/api/health', '/api/datasets', '/api/docs', '/']) {
        const res = await get(stack, path, 'attacker.example:8080');
        expect(res.status, path).toBe(421);
        expect(JSON.parse(res.body).message).toMatch(/Host "attacker\.example:8080" is not .*http:\/\/localhost:8080.*set MEDSEG_PUBLIC_URL/);
      }
    });

    it('lets loopback names through on any port', async () => {
      for (const host of ['localhost:1234', '127.0.0.1', '[::1]:9999', 'LOCALHOST:8080']) {
        expect((await get(stack, '/api/health', host)).status, host).toBe(200);
      }
    });

    it('lets the configured public origin through, and only it', async () => {
      await stack.restartGateway({ MEDSEG_PUBLIC_URL: 'https://medseg.lab.example' });
      expect((await get(stack, '/api/health', 'medseg.lab.example')).status).toBe(200);
      expect((await get(stack, '/api/health', 'medseg.lab.example:8443')).status).toBe(421);
      expect((await get(stack, '/api/health', 'other.lab.example')).status).toBe(421);
      // https: the browser is told to stay on it.
      expect((await get(stack, '/api/health', 'medseg.lab.example')).headers['strict-transport-security']).toMatch(/max-age=/);
      await stack.restartGateway({ MEDSEG_PUBLIC_URL: '' });
    });
  });

  describe('security headers', () => {
    it('sends helmet headers and a CSP without unsafe-inline on API answers', async () => {
      const res = await get(stack, '/api/health');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    });

    it('gives Swagger UI its own policy with inline styles and serves it', async () => {
      const res = await get(stack, '/api/docs');
      expect(res.status).toBe(200);
      expect(res.body).toContain('swagger-ui');
      expect(String(res.headers['content-security-policy'])).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(String(res.headers['content-security-policy'])).toMatch(/script-src 'self'(;|$)/);
    });

    it('writes a fresh nonce into index.html, the same as its CSP header', async () => {
      const webDir = join(stack.dir, 'web');
      mkdirSync(webDir, { recursive: true });
      writeFileSync(
        join(webDir, 'index.html'),
        '<html><head><style nonce="MEDSEG_CSP_NONCE">a{}</style></head><body><app-root ngCspNonce="MEDSEG_CSP_NONCE"></app-root></body></html>',
      );
      await stack.restartGateway({ MEDSEG_WEB_DIR: webDir });
      const nonces = [];
      for (const path of ['/', '/index.html', '/datasets/some-id']) {
        const res = await get(stack, path);
        expect(res.status, path).toBe(200);
        const nonce = /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))![1];
        expect(res.body).not.toContain('MEDSEG_CSP_NONCE');
        expect(res.body).toContain(`<style nonce="${nonce}">`);
        expect(res.body).toContain(`ngCspNonce="${nonce}"`);
        nonces.push(nonce);
      }
      expect(new Set(nonces).size).toBe(3);
      await stack.restartGateway({ MEDSEG_WEB_DIR: '' });
    });
  });

  describe('request timeouts', () => {
    it('builds the server with hours for a request to arrive, not Node\'s 300 s', () => {
      const server = stack.app.getHttpServer() as Server;
      expect(server.requestTimeout).toBe(6 * 3600 * 1000);
      expect(server.headersTimeout).toBe(66_000);
      expect(server.keepAliveTimeout).toBe(65_000);
    });

    it('cuts off an upload slower than MEDSEG_REQUEST_TIMEOUT_S and leaves nothing stored', async () => {
      await stack.restartGateway({ MEDSEG_REQUEST_TIMEOUT_S: '2' });
      const token = await stack.token();
      expect((stack.app.getHttpServer() as Server).requestTimeout).toBe(2000);
      const started = Date.now();
      // A multipart upload that trickles in for 8 s: past the 2 s limit.
      const outcome = await new Promise<string>((resolve) => {
        const req = request(`${stack.url}/api/datasets`, {
          method: 'POST',
          headers: {
            'content-type': 'multipart/form-data; boundary=b0',
            'content-length': String(1024 * 1024),
            authorization: `Bearer ${token}`,
          },
        });
        req.on('response', (res) => resolve(`status ${res.statusCode}`));
        req.on('error', (error) => resolve(`error ${error.message}`));
        req.write('--b0\r\nContent-Disposition: form-data; name="archive"; filename="slow.zip"\r\nContent-Type: application/zip\r\n\r\nPK\x03\x04');
        const timer = setInterval(() => (req.destroyed ? clearInterval(timer) : req.write(Buffer.alloc(512))), 200);
        setTimeout(() => {
          clearInterval(timer);
          resolve('not cut off');
          req.destroy();
        }, 8000);
      });
      expect(outcome).toMatch(/status 408|error/);
      expect(Date.now() - started).toBeLessThan(6000);
      await waitUntil(async () => (await pendingMultipartUploads(stack)) === 0, 10_000);
      expect(await datasetCount(stack)).toBe(0);
      expect(await listKeys(stack, 'datasets/')).toEqual([]);
      await stack.restartGateway({ MEDSEG_REQUEST_TIMEOUT_S: '21600' });
    });
  });

  describe('error bodies', () => {
    it('answers malformed JSON with our words, not the parser\'s', async () => {
      const res = await stack.fetch(`${stack.url}/api/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { message: string };
      expect(body.message).toBe('The request body is not valid JSON');
    });

    it('answers a malformed percent-encoding with 400 and no stack', async () => {
      const res = await stack.fetch(`${stack.url}/api/datasets/%E0%A4%A`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).not.toMatch(/ at |\.js|node_modules/);
    });
  });

  it('health gives admins the full detail and everybody else, signed in or not, a bare up/down', async () => {
    const full = await stack.app.get(HealthService).check();
    expect(full.dependencies).toHaveLength(3);
    expect(mapHealthStatus(full)).toEqual({ status: 'up' });
    const keys = async (res: Response) => Object.keys((await res.json()) as object).sort();
    expect(await keys(await stack.fetch(`${stack.url}/api/health`))).toEqual(['dependencies', 'status']);
    expect(await keys(await fetch(`${stack.url}/api/health`))).toEqual(['status']);
    expect(await keys(await stack.as('researcher')(`${stack.url}/api/health`))).toEqual(['status']);
  });
});
