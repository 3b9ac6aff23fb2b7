import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

type Samples = { name: string; labels: Record<string, string>; value: number }[];

/** Parsed by prometheus_client's own text-format parser: what a Prometheus server would accept. */
function parsePrometheus(text: string): Samples {
  const script = [
    'import json, sys',
    'from prometheus_client.parser import text_string_to_metric_families',
    'out = [{"name": s.name, "labels": s.labels, "value": s.value} for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples]',
    'print(json.dumps(out))',
  ].join('\n');
  const run = spawnSync(services.PYTHON, ['-c', script], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`not Prometheus text: ${run.stderr}`);
  return JSON.parse(run.stdout) as Samples;
}

function value(samples: Samples, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** What the gateway writes to stdout while `fn` runs (its logger writes there), as JSON lines. */
async function gatewayLines(fn: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return written.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('metrics, request ids and structured logs', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ MEDSEG_LOG_LEVEL: 'log', MEDSEG_LOG_FORMAT: 'json' });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves Prometheus text to admins only, and its counters move with requests', async () => {
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(401);
    expect((await stack.as('researcher')('/metrics')).status).toBe(403);
    const first = await stack.fetch('/metrics');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/plain');
    const before = parsePrometheus(await first.text());
    const listed = (samples: Samples) => value(samples, 'medseg_http_requests_total', { method: 'GET', route: '/api/datasets', status: '200' }) ?? 0;
    for (let i = 0; i < 3; i++) expect((await stack.fetch('/api/datasets')).status).toBe(200);
    expect((await stack.fetch('/api/models/not-a-uuid')).status).toBe(400);
    const after = parsePrometheus(await (await stack.fetch('/metrics')).text());
    expect(listed(after)).toBe(listed(before) + 3);
    expect(value(after, 'medseg_http_requests_total', { method: 'GET', route: '/api/models/:id', status: '400' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'medseg_http_request_duration_seconds_count', { route: '/api/datasets', status: '200' })).toBe(listed(after));
    // No id makes a series of its own: routes are patterns.
    expect(after.some((s) => (s.labels.route ?? '').includes('not-a-uuid'))).toBe(false);
    expect(value(after, 'medseg_jobs', { kind: 'training', state: 'queued' })).toBe(0);
    expect(value(after, 'medseg_gateway_process_resident_memory_bytes')).toBeGreaterThan(0);
    // The ml-service's, fetched over gRPC in the same scrape.
    expect(value(after, 'medseg_ml_service_up')).toBe(1);
    expect(value(after, 'medseg_ml_model_cache_models')).toBe(0);
    expect(value(after, 'medseg_ml_model_cache_budget_bytes')).toBeGreaterThan(0);
    expect(value(after, 'medseg_ml_jobs', { kind: 'training', state: 'running' })).toBe(0);
  });

  it('says the ml-service is down in a scrape it does not answer, and counts S3 errors', async () => {
    await stack.ml.stop();
    try {
      const samples = parsePrometheus(await (await stack.fetch('/metrics')).text());
      expect(value(samples, 'medseg_ml_service_up')).toBe(0);
      expect(value(samples, 'medseg_http_requests_total', { route: '/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
    } finally {
      await stack.restartMl();
    }
    await stack.stopS3();
    try {
      expect((await stack.fetch('/api/admin/resync', { method: 'POST' })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await stack.startS3();
    }
    const samples = parsePrometheus(await (await stack.fetch('/metrics')).text());
    const errors = samples.filter((s) => s.name === 'medseg_s3_errors_total').reduce((sum, s) => sum + s.value, 0);
    expect(errors).toBeGreaterThan(0);
  }, 120_000);

  it("puts one request's id in its answer, its error body, and the gateway's and the ml-service's log lines", async () => {
    const requestId = `it-${randomUUID()}`;
    let answer!: Response;
    const lines = await gatewayLines(async () => {
      // GET /api/system asks the ml-service (GetInfo), so both services serve this one request.
      answer = await stack.fetch('/api/system', { headers: { 'x-request-id': requestId } });
      await answer.text();
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    const access = lines.find((l) => l.requestId === requestId && String(l.message).startsWith('GET /api/system 200'));
    expect(access, JSON.stringify(lines)).toBeDefined();
    expect(access).toMatchObject({ level: 'log', context: 'Http' });
    await expect.poll(() => readFileSync(stack.ml.logFile, 'utf8'), { timeout: 5000 }).toMatch(
      new RegExp(`rpc .*method=/medseg.v1.SystemService/GetInfo.*request_id=${requestId}`),
    );

    // A request without an id gets one; an error body carries it for the user's report.
    const refused = await stack.fetch('/api/models/not-a-uuid');
    const made = refused.headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(await refused.json()).toMatchObject({ statusCode: 400, requestId: made });
    // An id a client made up that is not a plain token is replaced, not logged as sent.
    const odd = await stack.fetch('/api/datasets', { headers: { 'x-request-id': 'a b c' } });
    expect(odd.headers.get('x-request-id')).not.toBe('a b c');
  });
});
