import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAtLeast } from '../../src/auth/caller';
import type { Role } from '../../src/dtos/auth.dto';
import { ACCESS_EXPECTATIONS, type AccessExpectation, type ResourceKind, routesOf } from './access-expectations';
import { type DatasetBody, makeArchives, uploadAndSettle } from './datasets.helpers';
import { makeVolumeArchive } from './volume-archives';
import { type BatchBody, type EvaluationBody, trainTiny, waitForJob } from './jobs.helpers';
import { type ApiFetch, type Stack, startStack, waitUntil } from './stack';

type Who = 'anonymous' | 'viewer' | 'other researcher' | 'owner' | 'admin';
const ROLE_OF: Record<Exclude<Who, 'anonymous'>, Role> = { viewer: 'viewer', 'other researcher': 'researcher', owner: 'researcher', admin: 'admin' };
const NOT_A_RESOURCE = '3f0e9a55-7777-4888-9999-aaaabbbbcccc';

/** What `who` must get from a route with `expectation`, applied to a private resource of the owner. */
function expected(expectation: AccessExpectation, who: Who): 'not 401' | 401 | 403 | 404 | 'allowed' {
  if (expectation.role === 'public') return 'not 401';
  if (who === 'anonymous') return 401;
  if (!roleAtLeast(ROLE_OF[who], expectation.role)) return 403;
  if (expectation.resource && (who === 'viewer' || who === 'other researcher')) return 404;
  return 'allowed';
}

describe('access control of every route the gateway serves', () => {
  let stack: Stack;
  let callers: Record<Who, ApiFetch>;
  let dataset: DatasetBody;
  const ids = {} as Record<ResourceKind, string>;
  let asOwner: Stack;

  /** A new private resource of the owner, for a call that removes the one it names. */
  const fresh: Record<ResourceKind, () => Promise<string>> = {
    dataset: async () => ids.dataset,
    'volume dataset': async () => ids['volume dataset'],
    model: () => trainTiny(asOwner, dataset, 'to delete'),
    evaluation: async () => {
      const { id } = (await (await asOwner.fetch(`/api/models/${ids.model}/evaluations`, jsonInit('POST', {}))).json()) as { id: string };
      await waitForJob<EvaluationBody>(asOwner, `/api/evaluations/${id}`);
      return id;
    },
    batch: async () => {
      const { id } = (await (await asOwner.fetch(`/api/models/${ids.model}/batches`, jsonInit('POST', { datasetId: dataset.id }))).json()) as { id: string };
      await waitForJob<BatchBody>(asOwner, `/api/batches/${id}`);
      return id;
    },
    result: async () => {
      const res = await asOwner.fetch(`/api/models/${ids.model}/segment-pair`, jsonInit('POST', { datasetId: dataset.id, pairIndex: 0 }));
      const { resultId } = (await res.json()) as { resultId: string };
      await waitUntil(async () => (await asOwner.fetch(`/api/inference-results/${resultId}`)).status === 200);
      return resultId;
    },
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medseg-archives-'));
    const archive = makeArchives(dir);
    stack = await startStack();
    const owner = stack.asUser('owner-a', 'researcher');
    asOwner = { ...stack, fetch: owner };
    callers = {
      anonymous: (path, init) => fetch(`${stack.url}${path}`, init),
      viewer: stack.as('viewer'),
      'other researcher': stack.asUser('researcher-b', 'researcher'),
      owner,
      admin: stack.fetch,
    };
    dataset = await uploadAndSettle(asOwner, archive('png_8bit'), 'private of A');
    ids.dataset = dataset.id;
    // Case routes need a dataset with volumes: a 2D one answers 404 for every case, owner included.
    ids['volume dataset'] = (await uploadAndSettle(asOwner, makeVolumeArchive(dir, 'msd'), 'volumes of A')).id;
    ids.model = await trainTiny(asOwner, dataset, 'private of A');
    ids.evaluation = await fresh.evaluation();
    ids.batch = await fresh.batch();
    ids.result = await fresh.result();
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('has an access expectation for every route, and no expectation for a route that is gone', () => {
    const routes = routesOf(stack.app);
    for (const route of routes) expect(ACCESS_EXPECTATIONS[route], `add an access expectation for ${route} to access-expectations.ts`).toBeDefined();
    for (const route of Object.keys(ACCESS_EXPECTATIONS)) expect(routes, `${route} is no longer served; remove its expectation`).toContain(route);
  });

  it('answers each caller as its role and the ownership of the resource demand', async () => {
    const failures: string[] = [];
    const routes = routesOf(stack.app).filter((r) => ACCESS_EXPECTATIONS[r]);
    // Destroying calls last, so every other route still finds the resources.
    routes.sort((a, b) => Number(!!ACCESS_EXPECTATIONS[a].destroys) - Number(!!ACCESS_EXPECTATIONS[b].destroys));
    for (const route of routes) {
      const expectation = ACCESS_EXPECTATIONS[route];
      const [method, template] = route.split(' ');
      for (const who of Object.keys(callers) as Who[]) {
        const want = expected(expectation, who);
        const id = !expectation.resource ? NOT_A_RESOURCE : expectation.destroys && want === 'allowed' ? await fresh[expectation.resource]() : ids[expectation.resource];
        const path = template.replace(':id', id).replace(':index', '0').replace(':n', '1');
        const body = expectation.body?.({ dataset: dataset.id });
        const res = await callers[who](path, {
          ...(body === undefined ? { method } : jsonInit(method, body)),
          redirect: 'manual',
          signal: AbortSignal.timeout(60_000),
        });
        await res.body?.cancel();
        const ok =
          want === 'not 401' ? res.status !== 401
          : want === 'allowed' ? ![401, 403].includes(res.status) && !(expectation.resource && res.status === 404)
          : res.status === want;
        if (!ok) failures.push(`${route} as ${who}: expected ${want}, got ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
