import { openAsBlob, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenRepository } from '../../src/repositories/api-token.repository';
import { type Me, createUser, json, linkSecret, signIn } from './auth.helpers';
import { listKeys } from './datasets.helpers';
import { makeZip } from './jobs.helpers';
import { type Stack, startStack } from './stack';

const PASSWORD = 'a long enough password';
const message = async (res: Response) => ((await res.json()) as { message: string }).message;
const bearer = (secret: string): RequestInit => ({ headers: { authorization: `Bearer ${secret}` } });

describe('API tokens, roles and admin routes against the real gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses anonymous callers on every kind of route but health and sign-in', async () => {
    for (const path of ['/api/datasets', '/api/models/8a6e0804-2bd0-4672-b79d-d97027f8ab5f/events', '/api/inference-results/8a6e0804-2bd0-4672-b79d-d97027f8ab5f/mask', '/api/admin/users', '/api/auth/me']) {
      const res = await fetch(`${stack.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(await message(res)).toBe('Sign in first');
    }
    expect((await fetch(`${stack.url}/api/health`)).status).not.toBe(401);
    expect((await fetch(`${stack.url}/api/auth/providers`)).status).toBe(200);
  });

  it('creates a token shown once, uses it as a bearer, records its use and revokes it', async () => {
    await createUser(stack, 'ada', 'researcher', PASSWORD);
    const ada = await signIn(stack, 'ada', PASSWORD);
    const created = (await (await ada.fetch('/api/auth/tokens', json({ name: 'my script', expiresInDays: 30 }))).json()) as {
      token: { id: string; prefix: string; expiresAt: string; lastUsedAt: string | null };
      secret: string;
    };
    expect(created.secret).toMatch(/^medseg_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.token.prefix).toBe(created.secret.slice(0, 16));
    expect(created.token.lastUsedAt).toBeNull();
    const me = (await (await fetch(`${stack.url}/api/auth/me`, bearer(created.secret))).json()) as Me;
    expect(me).toMatchObject({ username: 'ada', authMethod: 'token', mustSetPassword: false });

    const listed = (await (await ada.fetch('/api/auth/tokens')).json()) as { id: string; lastUsedAt: string | null }[];
    expect(listed.map((t) => t.id)).toEqual([created.token.id]);
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(await listKeys(stack, 'tokens/')).toContain(`tokens/${created.token.id}.json`);

    // Someone else's token is not there for another user.
    expect((await stack.as('researcher')(`/api/auth/tokens/${created.token.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await ada.fetch(`/api/auth/tokens/${created.token.id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await fetch(`${stack.url}/api/auth/me`, bearer(created.secret));
    expect(revoked.status).toBe(401);
    expect(await message(revoked)).toBe('Sign in first');
    expect(await listKeys(stack, 'tokens/')).not.toContain(`tokens/${created.token.id}.json`);
  });

  it('answers 401 "expired" for a token past its expiry', async () => {
    const res = await stack.as('viewer')('/api/auth/tokens', json({ name: 'short', expiresInDays: 1 }));
    const { token, secret } = (await res.json()) as { token: { id: string }; secret: string };
    expect((await fetch(`${stack.url}/api/auth/me`, bearer(secret))).status).toBe(200);
    const tokens = stack.app.get(ApiTokenRepository);
    const row = (await tokens.getById(token.id))!;
    await tokens.upsert({ id: row.id, user_id: row.user_id, name: row.name, sha256: row.sha256, prefix: row.prefix, created_at: row.created_at, expires_at: new Date(Date.now() - 1000).toISOString() });
    const expired = await fetch(`${stack.url}/api/auth/me`, bearer(secret));
    expect(expired.status).toBe(401);
    expect(await message(expired)).toBe('This API token is expired');
  });

  it('lets a viewer read but not create; a researcher creates; only an admin manages', async () => {
    const viewer = stack.as('viewer');
    const researcher = stack.as('researcher');
    const zip = makeZip({ 'images/a.png': Buffer.from('not a png'), 'masks/a.png': Buffer.from('not a png') }, 'roles.zip');
    const form = async () => {
      const f = new FormData();
      f.set('archive', await openAsBlob(zip), 'roles.zip');
      return f;
    };
    const refused = await viewer('/api/datasets', { method: 'POST', body: await form() });
    expect(refused.status).toBe(403);
    expect(await message(refused)).toBe('Only a researcher or an admin may do this; you are a viewer');
    expect((await viewer('/api/datasets')).status).toBe(200);
    expect((await viewer('/api/models')).status).toBe(200);
    expect((await viewer('/api/models/8a6e0804-2bd0-4672-b79d-d97027f8ab5f/cancel', { method: 'POST' })).status).toBe(403);
    const created = await researcher('/api/datasets', { method: 'POST', body: await form() });
    expect(created.status).toBe(201);
    for (const [path, init] of [['/api/admin/users', {}], ['/api/admin/tokens', {}], ['/api/admin/resync', { method: 'POST' }]] as const) {
      const res = await researcher(path, init);
      expect(res.status, path).toBe(403);
      expect(await message(res)).toBe('Only an admin may do this');
    }
    expect((await stack.fetch('/api/admin/resync', { method: 'POST' })).status).toBe(200);
  });

  it('creates users with a login link, resets them, signs them out and keeps one enabled admin', async () => {
    const { id, loginLink } = await createUser(stack, 'eve', 'viewer');
    expect(loginLink).toMatch(/\/login\?link=/);
    const taken = await stack.fetch('/api/admin/users', json({ username: 'eve', displayName: 'Eve', role: 'viewer' }));
    expect(taken.status).toBe(409);
    const linked = await fetch(`${stack.url}/api/auth/login-link`, json({ link: linkSecret(loginLink!) }));
    expect(((await linked.json()) as Me).mustSetPassword).toBe(true);

    const reset = (await (await stack.fetch(`/api/admin/users/${id}/login-link`, { method: 'POST' })).json()) as { loginLink: string; expiresAt: string };
    expect(Date.parse(reset.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const session = await fetch(`${stack.url}/api/auth/login-link`, json({ link: linkSecret(reset.loginLink) }));
    const cookie = session.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${stack.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    expect((await stack.fetch(`/api/admin/users/${id}/logout-all`, { method: 'POST' })).status).toBe(204);
    expect((await fetch(`${stack.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);

    const users = (await (await stack.fetch('/api/admin/users')).json()) as { id: string; username: string; role: string; hasPassword: boolean }[];
    const admin = users.find((u) => u.username === 'admin')!;
    expect(users.find((u) => u.id === id)).toMatchObject({ role: 'viewer', hasPassword: false });
    const demote = await stack.fetch(`/api/admin/users/${admin.id}`, { ...json({ role: 'researcher' }), method: 'PATCH' });
    expect(demote.status).toBe(409);
    expect((await stack.fetch(`/api/admin/users/${admin.id}`, { ...json({ disabled: true }), method: 'PATCH' })).status).toBe(409);

    const promoted = await stack.fetch(`/api/admin/users/${id}`, { ...json({ role: 'researcher', displayName: 'Eve R.' }), method: 'PATCH' });
    expect(await promoted.json()).toMatchObject({ role: 'researcher', displayName: 'Eve R.' });
  });

  it('stops a disabled user’s tokens, and an admin sees and revokes everyone’s tokens', async () => {
    const { id } = await createUser(stack, 'mallory', 'researcher', PASSWORD);
    const mallory = await signIn(stack, 'mallory', PASSWORD);
    const { token, secret } = (await (await mallory.fetch('/api/auth/tokens', json({ name: 'm' }))).json()) as { token: { id: string }; secret: string };
    const all = (await (await stack.fetch('/api/admin/tokens')).json()) as { id: string; username: string }[];
    expect(all.find((t) => t.id === token.id)?.username).toBe('mallory');
    await stack.fetch(`/api/admin/users/${id}`, { ...json({ disabled: true }), method: 'PATCH' });
    expect((await fetch(`${stack.url}/api/auth/me`, bearer(secret))).status).toBe(401);
    expect((await mallory.fetch('/api/auth/me')).status).toBe(401);
    await stack.fetch(`/api/admin/users/${id}`, { ...json({ disabled: false }), method: 'PATCH' });
    expect((await fetch(`${stack.url}/api/auth/me`, bearer(secret))).status).toBe(200);
    expect((await stack.fetch(`/api/admin/tokens/${token.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${stack.url}/api/auth/me`, bearer(secret))).status).toBe(401);
  });

  it('brings every user, role and token back after medseg.db is deleted; sessions end', async () => {
    const before = (await (await stack.fetch('/api/admin/users')).json()) as { id: string; lastLoginAt: unknown }[];
    const tokensBefore = (await (await stack.fetch('/api/admin/tokens')).json()) as { id: string; lastUsedAt: unknown }[];
    const ada = await signIn(stack, 'ada', PASSWORD);
    rmSync(stack.config.dbPath);
    for (const suffix of ['-wal', '-shm']) rmSync(`${stack.config.dbPath}${suffix}`, { force: true });
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, 'medseg.db') });

    const after = (await (await stack.fetch('/api/admin/users')).json()) as typeof before;
    const strip = <T extends object>(rows: T[], key: keyof T) => rows.map((r) => ({ ...r, [key]: null }));
    expect(strip(after, 'lastLoginAt')).toEqual(strip(before, 'lastLoginAt'));
    const tokensAfter = (await (await stack.fetch('/api/admin/tokens')).json()) as typeof tokensBefore;
    expect(strip(tokensAfter, 'lastUsedAt')).toEqual(strip(tokensBefore, 'lastUsedAt'));
    expect((await stack.as('viewer')('/api/auth/me')).status).toBe(200);
    expect((await ada.fetch('/api/auth/me')).status).toBe(401);
    expect((await signIn(stack, 'ada', PASSWORD)).cookie).toMatch(/^medseg_session=/);
  });
});
