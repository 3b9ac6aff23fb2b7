// See scripts/bench/auth. Prints one markdown table from one run: the gateway as it is beside the
// gateway of BASELINE (the last commit before accounts), both on the same SeaweedFS and ml-service.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGatewayAt } from '../lib/baseline-gateway.mjs';
import { json, runBench, trainModel, uploadSample } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const BASELINE = '6ab3c8ab662a2c28e77febca69da3809b976834c';
const SECONDS = Number(process.argv[2] ?? 5);
const MODELS = 5;
const CONCURRENCY = 8;
const LOGINS = 20;
const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-auth-'));
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** `concurrency` clients calling `url` back to back for `seconds`: requests/s and latencies (ms). */
async function load(url, headers, concurrency, seconds) {
  const latencies = [];
  const call = async () => {
    const started = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 50; i++) await call(); // warm-up: JIT, SQLite page cache, sockets
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) latencies.push(await call());
  }));
  return { rps: latencies.length / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

runBench(dir, async (stack) => {
  const dataset = await uploadSample(stack, 'brain-mask.zip');
  for (let i = 0; i < MODELS; i++) {
    await trainModel(stack, dataset.id, { epochs: 1, inputSize: 64, depth: 2, baseChannels: 4, augmentation: false }, `bench-${i}`);
  }

  // The gateway before accounts, on the same S3 and ml-service, with its own SQLite (a resync fills it).
  const baseline = await services.startGateway({
    main: buildGatewayAt(BASELINE, dir),
    port: await services.freePort(),
    env: { ...stack.gatewayEnv(join(dir, 'baseline.db')), MEDSEG_LOG_LEVEL: 'warn' },
    logFile: join(dir, 'baseline.log'),
  });
  try {
    await services.waitFor('baseline lists the models', async () => (await json(await fetch(`${baseline.url}/api/models`))).total === MODELS, { timeoutMs: 60_000 });
    const models = `${stack.api}/models`;
    const asToken = { authorization: `Bearer ${stack.token}` };
    const asCookie = { cookie: stack.admin.cookie };
    console.log(`${MODELS} models; measuring ${SECONDS} s per row…`);

    const rows = [];
    for (const [name, url, headers] of [
      ['before accounts (no sign-in)', `${baseline.url}/api/models`, {}],
      ['session cookie', models, asCookie],
      ['API token', models, asToken],
    ]) {
      const many = await load(url, headers, CONCURRENCY, SECONDS);
      const one = await load(url, headers, 1, SECONDS);
      rows.push({ name, many, one });
    }

    const logins = [];
    for (let i = 0; i < LOGINS; i++) {
      const started = performance.now();
      const res = await fetch(`${stack.api}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: stack.gateway.url },
        body: JSON.stringify({ username: stack.admin.username, password: stack.admin.password }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`login: ${res.status}`);
      logins.push(performance.now() - started);
    }

    const base = rows[0];
    const f = (x) => x.toFixed(2);
    console.log(`\nGET /api/models (${MODELS} models): ${CONCURRENCY} clients for req/s, 1 client for latency; baseline ${BASELINE.slice(0, 7)}\n`);
    console.log('| caller | req/s (8 clients) | vs baseline | p50 ms (1 client) | p95 ms (1 client) | p50 cost of the check |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      const vs = r === base ? '—' : `${((r.many.rps / base.many.rps - 1) * 100).toFixed(1)} %`;
      const cost = r === base ? '—' : `${f(r.one.p50 - base.one.p50)} ms`;
      console.log(`| ${r.name} | ${r.many.rps.toFixed(0)} | ${vs} | ${f(r.one.p50)} | ${f(r.one.p95)} | ${cost} |`);
    }
    console.log(`\n| login (POST /api/auth/login, Argon2id) | p50 ms | p95 ms |\n| --- | ---: | ---: |\n| ${LOGINS} sign-ins | ${f(pct(logins, 50))} | ${f(pct(logins, 95))} |`);
  } finally {
    await baseline.stop();
  }
});
