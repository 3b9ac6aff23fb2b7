import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack, waitUntil } from './stack';

interface Health {
  status: string;
  dependencies: { name: string; status: string; latencyMs: number; detail: string }[];
}

async function health(stack: Stack): Promise<{ code: number; body: Health }> {
  const res = await stack.fetch(`${stack.url}/api/health`);
  return { code: res.status, body: (await res.json()) as Health };
}

describe('GET /api/health against real SQLite, SeaweedFS and ml-service', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('reports all three dependencies up with latencies', async () => {
    await waitUntil(async () => (await health(stack)).code === 200);
    const { body } = await health(stack);
    expect(body.status).toBe('up');
    expect(body.dependencies.map((d) => d.name).sort()).toEqual(['ml-service', 's3', 'sqlite']);
    for (const dep of body.dependencies) {
      expect(dep.status).toBe('up');
      expect(dep.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('serves the ml-service system info through gRPC', async () => {
    const res = await stack.fetch(`${stack.url}/api/system`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { device: string; torchVersion: string; memoryTotalBytes: number; loadedModels: unknown[] };
    expect(body.device).toBe('cpu');
    expect(body.torchVersion).toMatch(/^2\.13\.0/);
    expect(body.memoryTotalBytes).toBeGreaterThan(0);
    expect(body.loadedModels).toEqual([]);
  });

  it('answers 503 naming the ml-service when it dies, and 200 again when it is back', async () => {
    await stack.ml.stop();
    const down = await health(stack);
    expect(down.code).toBe(503);
    const ml = down.body.dependencies.find((d) => d.name === 'ml-service');
    expect(ml?.status).toBe('down');
    expect(ml?.detail).toContain(`ml-service unavailable at 127.0.0.1:${stack.mlPort}`);
    expect(down.body.dependencies.find((d) => d.name === 's3')?.status).toBe('up');

    const system = await stack.fetch(`${stack.url}/api/system`);
    expect(system.status).toBe(503);
    expect(((await system.json()) as { message: string }).message).toContain('ml-service unavailable');

    await stack.restartMl();
    await waitUntil(async () => (await health(stack)).code === 200, 20_000);
  });

  it('answers 503 naming S3 when the store is unreachable', async () => {
    const endpoint = stack.s3.endpoint;
    await stack.s3.stop();
    const down = await health(stack);
    expect(down.code).toBe(503);
    const s3 = down.body.dependencies.find((d) => d.name === 's3');
    expect(s3?.status).toBe('down');
    expect(s3?.detail).toContain(`S3 unavailable at ${endpoint}`);
  });

  it('serves the OpenAPI document', async () => {
    const res = await stack.fetch(`${stack.url}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/system']));
  });
});
