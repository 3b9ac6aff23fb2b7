import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Me, browserOf, createUser, firstStartLink, json, linkSecret, postLogin, signIn } from './auth.helpers';
import { type Stack, startStack } from './stack';

const PASSWORD = 'a long enough password';

describe('sign-in, sessions and CSRF against the real gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('writes a one-time admin link at first start, which asks for a password before anything else', async () => {
    const file = join(stack.dir, 'login-link.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const link = firstStartLink(stack);
    expect(link).toMatch(/\/login\?link=[A-Za-z0-9_-]{43}$/);

    const res = await fetch(`${stack.url}/api/auth/login-link`, json({ link: linkSecret(link) }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Me)).toMatchObject({ username: 'admin', role: 'admin', mustSetPassword: true, authMethod: 'session' });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^medseg_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(existsSync(file)).toBe(false);

    const admin = browserOf(stack, setCookie);
    const refused = await admin.fetch('/api/datasets');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe('Set a password first (PUT /api/auth/password)');
    expect((await admin.fetch('/api/auth/me')).status).toBe(200);
    expect((await admin.fetch('/api/auth/password', { ...json({ newPassword: PASSWORD }), method: 'PUT' })).status).toBe(204);
    expect((await admin.fetch('/api/datasets')).status).toBe(200);

    const again = await fetch(`${stack.url}/api/auth/login-link`, json({ link: linkSecret(link) }));
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toBe('This login link is invalid, used or expired; ask an admin for a new one');
    expect((await signIn(stack, 'admin', PASSWORD)).cookie).toMatch(/^medseg_session=/);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    await createUser(stack, 'ada', 'researcher', PASSWORD);
    const wrong = await postLogin(stack, 'ada', 'not the password');
    const unknown = await postLogin(stack, 'nobody-here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    // The same words; only each request's own id differs.
    const { requestId: a, ...wrongBody } = await wrong.json();
    const { requestId: b, ...unknownBody } = await unknown.json();
    expect(wrongBody).toEqual(unknownBody);
    expect(a).not.toBe(b);
    const me = (await (await (await signIn(stack, 'ada', PASSWORD)).fetch('/api/auth/me')).json()) as Me;
    expect(me).toMatchObject({ username: 'ada', role: 'researcher', mustSetPassword: false, authMethod: 'session' });
  });

  it('answers 429 with Retry-After after five failures for one account, even for the right password', async () => {
    await createUser(stack, 'brute', 'viewer', PASSWORD);
    for (let i = 0; i < 5; i++) expect((await postLogin(stack, 'brute', `guess ${i}`)).status).toBe(401);
    const refused = await postLogin(stack, 'brute', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(((await refused.json()) as { message: string }).message).toMatch(/Too many failed sign-ins/);
  });

  it('refuses a cross-site POST with the session cookie and accepts a same-origin one or a bearer token', async () => {
    const ada = await signIn(stack, 'ada', PASSWORD);
    const foreign = await ada.fetch('/api/auth/tokens', { ...json({ name: 'x' }), headers: { 'content-type': 'application/json', origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { message: string }).message).toMatch(/^Cross-site request refused: .*API token/);
    const noOrigin = await fetch(`${stack.url}/api/auth/tokens`, { ...json({ name: 'x' }), headers: { 'content-type': 'application/json', cookie: ada.cookie } });
    expect(noOrigin.status).toBe(403);
    const referer = await fetch(`${stack.url}/api/auth/tokens`, { ...json({ name: 'x' }), headers: { 'content-type': 'application/json', cookie: ada.cookie, referer: `${stack.url}/settings` } });
    expect(referer.status).toBe(201);
    const same = await ada.fetch('/api/auth/tokens', json({ name: 'same origin' }));
    expect(same.status).toBe(201);
    const { secret } = (await same.json()) as { secret: string };
    const bearer = await fetch(`${stack.url}/api/auth/tokens`, { ...json({ name: 'script' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` } });
    expect(bearer.status).toBe(201);
    // Reading needs no Origin: GETs change nothing.
    expect((await fetch(`${stack.url}/api/auth/me`, { headers: { cookie: ada.cookie } })).status).toBe(200);
  });

  it('ends one session at logout and every session at logout-all', async () => {
    const first = await signIn(stack, 'ada', PASSWORD);
    const second = await signIn(stack, 'ada', PASSWORD);
    const third = await signIn(stack, 'ada', PASSWORD);
    const out = await first.fetch('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^medseg_session=;.*Max-Age=0/);
    expect((await first.fetch('/api/auth/me')).status).toBe(401);
    expect((await second.fetch('/api/auth/me')).status).toBe(200);
    expect((await second.fetch('/api/auth/logout-all', { method: 'POST' })).status).toBe(204);
    const gone = await third.fetch('/api/auth/me');
    expect(gone.status).toBe(401);
    expect(((await gone.json()) as { message: string }).message).toBe('Sign in first');
  });

  it('ends the other sessions when the password changes, and asks for the current one', async () => {
    const keep = await signIn(stack, 'ada', PASSWORD);
    const other = await signIn(stack, 'ada', PASSWORD);
    const put = (body: unknown) => keep.fetch('/api/auth/password', { ...json(body), method: 'PUT' });
    expect((await put({ newPassword: 'another long password' })).status).toBe(400);
    expect((await put({ currentPassword: 'wrong one', newPassword: 'another long password' })).status).toBe(400);
    expect((await put({ currentPassword: PASSWORD, newPassword: 'another long password' })).status).toBe(204);
    expect((await keep.fetch('/api/auth/me')).status).toBe(200);
    expect((await other.fetch('/api/auth/me')).status).toBe(401);
    expect((await postLogin(stack, 'ada', PASSWORD)).status).toBe(401);
    await signIn(stack, 'ada', 'another long password');
  });

  it('ends a session after its idle time and after its absolute lifetime', async () => {
    await stack.restartGateway({ MEDSEG_SESSION_IDLE_HOURS: '0.0005' });
    // The admin has a password now: no start issues a login link any more.
    expect(existsSync(join(stack.dir, 'login-link.txt'))).toBe(false);
    const idle = await signIn(stack, 'ada', 'another long password');
    expect((await idle.fetch('/api/auth/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await idle.fetch('/api/auth/me')).status).toBe(401);

    await stack.restartGateway({ MEDSEG_SESSION_IDLE_HOURS: '12', MEDSEG_SESSION_MAX_DAYS: '0.00003' });
    const capped = await signIn(stack, 'ada', 'another long password');
    for (let i = 0; i < 2; i++) {
      expect((await capped.fetch('/api/auth/me')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 800));
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect((await capped.fetch('/api/auth/me')).status).toBe(401);
  });
});
