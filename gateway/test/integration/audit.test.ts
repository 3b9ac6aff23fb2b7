import { mkdtempSync, openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLogin } from './auth.helpers';
import { type DatasetBody, listKeys, makeArchives } from './datasets.helpers';
import { type ApiFetch, type Stack, startStack, waitUntil } from './stack';
import { TINY } from './training.helpers';

interface AuditEvent {
  id: string;
  time: string;
  actor: { id: string; username: string } | null;
  action: string;
  kind: string;
  resourceId: string | null;
  resourceName: string | null;
  detail: string | null;
}

interface AuditPage {
  events: AuditEvent[];
  nextBefore: string | null;
}

/** The audit log against the real stack: events where they happen, the admin route, S3 as its truth. */
describe('audit log', () => {
  let stack: Stack;
  let researcher: ApiFetch;
  let researcherId: string;
  let adminId: string;

  const audit = async (query = ''): Promise<AuditPage> => {
    const res = await stack.fetch(`/api/admin/audit${query}`);
    if (res.status !== 200) throw new Error(`GET audit${query}: ${res.status} ${await res.text()}`);
    return (await res.json()) as AuditPage;
  };
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const idOf = async (f: ApiFetch) => ((await (await f('/api/auth/me')).json()) as { id: string }).id;

  beforeAll(async () => {
    stack = await startStack({ MEDSEG_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    researcher = stack.as('researcher');
    [researcherId, adminId] = await Promise.all([idOf(researcher), idOf(stack.fetch)]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('records creating and deleting a dataset and starting and cancelling a training, with the researcher as actor', async () => {
    const archive = makeArchives(mkdtempSync(join(tmpdir(), 'medseg-archives-')));
    const form = new FormData();
    form.set('name', 'audited');
    form.set('archive', await openAsBlob(archive('mixed')), basename(archive('mixed')));
    const uploaded = await researcher('/api/datasets', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const dataset = (await uploaded.json()) as DatasetBody;
    await waitUntil(async () => ((await (await researcher(`/api/datasets/${dataset.id}`)).json()) as DatasetBody).status === 'ready', 120_000);

    const started = await researcher('/api/models', json({ name: 'audited-model', datasetId: dataset.id, hyperparameters: { ...TINY, epochs: 200 } }));
    expect(started.status).toBe(201);
    const model = (await started.json()) as { id: string };
    expect((await researcher(`/api/models/${model.id}/cancel`, { method: 'POST' })).status).toBe(200);
    await waitUntil(async () => ((await (await researcher(`/api/models/${model.id}`)).json()) as { status: string }).status !== 'training', 60_000);
    expect((await researcher(`/api/models/${model.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await researcher(`/api/datasets/${dataset.id}`, { method: 'DELETE' })).status).toBe(204);

    const { events } = await audit(`?actor=${researcherId}`);
    const mine = events.filter((e) => e.resourceId === dataset.id || e.resourceId === model.id);
    expect(mine.map((e) => [e.action, e.kind, e.resourceId, e.resourceName])).toEqual([
      ['deleted', 'dataset', dataset.id, 'audited'],
      ['deleted', 'model', model.id, 'audited-model'],
      ['cancelled', 'model', model.id, 'audited-model'],
      ['created', 'model', model.id, 'audited-model'],
      ['created', 'dataset', dataset.id, 'audited'],
    ]);
    expect(mine.every((e) => e.actor?.id === researcherId && e.actor.username === 'test-researcher')).toBe(true);
    expect(mine.at(-1)!.detail).toBe('uploaded mixed.zip');
    expect(mine[3].detail).toContain('on dataset audited');
  }, 240_000);

  it('records a user an admin creates and changes, and a token created and revoked by its owner', async () => {
    const created = await stack.fetch('/api/admin/users', json({ username: 'audit-ada', displayName: 'Ada', role: 'researcher' }));
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string } };
    const patched = await stack.fetch(`/api/admin/users/${user.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer', disabled: true }),
    });
    expect(patched.status).toBe(200);
    const token = await researcher('/api/auth/tokens', json({ name: 'audit script' }));
    expect(token.status).toBe(201);
    const tokenId = ((await token.json()) as { token: { id: string } }).token.id;
    expect((await researcher(`/api/auth/tokens/${tokenId}`, { method: 'DELETE' })).status).toBe(204);

    const users = (await audit('?kind=user')).events.filter((e) => e.resourceId === user.id);
    expect(users.map((e) => [e.action, e.actor?.id, e.detail])).toEqual([
      ['user_changed', adminId, 'role researcher → viewer; disabled'],
      ['login_link_issued', adminId, 'new user'],
      ['user_created', adminId, 'role researcher'],
    ]);
    const tokens = (await audit(`?kind=token&actor=${researcherId}`)).events.filter((e) => e.resourceId === tokenId);
    expect(tokens.map((e) => [e.action, e.resourceName, e.detail])).toEqual([
      ['token_revoked', 'audit script', 'of test-researcher'],
      ['token_created', 'audit script', 'of test-researcher'],
    ]);
    expect((await audit('?action=token_revoked')).events.every((e) => e.action === 'token_revoked')).toBe(true);
  });

  it('is for admins only, and says what is wrong with a bad query', async () => {
    for (const role of ['viewer', 'researcher'] as const) {
      const res = await stack.as(role)('/api/admin/audit');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toBe('Only an admin may do this');
    }
    const tooMany = await stack.fetch('/api/admin/audit?limit=500');
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(await tooMany.json())).toContain('limit must be at most 200');
    const badAction = await stack.fetch('/api/admin/audit?action=stolen');
    expect(badAction.status).toBe(400);
    expect(JSON.stringify(await badAction.json())).toContain('action must be one of created');
  });

  it('pages newest first with nextBefore, without repeats', async () => {
    const all = (await audit('?limit=200')).events;
    expect(all.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: AuditPage = await audit(`?limit=2${before ? `&before=${before}` : ''}`);
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events.map((e) => e.id));
      before = page.nextBefore;
    } while (before !== null);
    expect(seen).toEqual(all.map((e) => e.id));
    const times = all.map((e) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps a lock-out recorded while S3 is down, with no actor, and stores it once S3 is back', async () => {
    await stack.stopS3();
    try {
      let status = 0;
      for (let i = 0; i < 4 && status !== 429; i++) status = (await postLogin(stack, 'nobody-here', 'wrong password 123')).status;
      expect(status).toBe(429);
      const locked = (await audit('?action=signed_in_failed_locked')).events;
      expect(locked).toHaveLength(1);
      expect(locked[0]).toMatchObject({ actor: null, kind: 'user', resourceId: null, resourceName: 'nobody-here' });
      expect(locked[0].detail).toMatch(/^user name "nobody-here" from address /);
    } finally {
      await stack.startS3();
    }
    const { events } = await audit('?action=signed_in_failed_locked');
    await waitUntil(async () => (await listKeys(stack, 'audit/')).some((k) => k.endsWith(`-${events[0].id}.json`)), 60_000);
  }, 120_000);

  it('brings the same events back from S3 into a new medseg.db', async () => {
    const before = (await audit('?limit=200')).events;
    // Everything recorded so far is in S3 (none pending) before the database goes.
    await waitUntil(async () => (await listKeys(stack, 'audit/')).length >= before.length, 60_000);
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'fresh.db') });
    let after: AuditEvent[] = [];
    await waitUntil(async () => {
      after = (await audit('?limit=200')).events;
      return before.every((e) => after.some((a) => a.id === e.id));
    }, 60_000);
    const byId = new Map(after.map((e) => [e.id, e]));
    expect(before.map((e) => byId.get(e.id))).toEqual(before);

    const resync = await stack.fetch('/api/admin/resync', { method: 'POST' });
    expect(resync.status).toBe(200);
    expect(((await resync.json()) as { auditEvents: number }).auditEvents).toBeGreaterThanOrEqual(before.length);
    expect((await audit('?limit=200')).events.slice(-before.length)).toEqual(before);
  }, 120_000);
});
