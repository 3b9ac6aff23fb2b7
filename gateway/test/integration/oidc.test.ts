import { rmSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import { freePort } from '../../../scripts/lib/ports.mjs';
import { type Me, browserOf, json } from './auth.helpers';
import { signInWithProvider, startProvider, type TestProvider } from './oidc-provider.helpers';
import { type Stack, startStack } from './stack';

interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
  hasPassword: boolean;
  oidc: boolean;
}

// A real OpenID provider (oidc-provider) in this process and the real gateway on S3 and SQLite;
// the browser is fetch following redirects and submitting the provider's forms.
describe('single sign-on (OpenID Connect)', () => {
  let stack: Stack;
  let provider: TestProvider;

  beforeAll(async () => {
    const [gatewayPort, providerPort] = [(await freePort()) as number, (await freePort()) as number];
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    provider = await startProvider(providerPort, gatewayUrl);
    provider.accounts.set('alice-sub', { preferred_username: 'Alice', name: 'Alice Liddell', email: 'alice@lab.example', medseg_role: 'researcher' });
    provider.accounts.set('other-alice-sub', { preferred_username: 'alice', name: 'Another Alice', medseg_role: 'viewer' });
    provider.accounts.set('carol-sub', { email: 'carol@lab.example', name: 'Carol', medseg_role: 'researcher' });
    stack = await startStack({
      MEDSEG_PORT: String(gatewayPort),
      MEDSEG_PUBLIC_URL: gatewayUrl,
      MEDSEG_OIDC_ISSUER: provider.issuer,
      MEDSEG_OIDC_CLIENT_ID: provider.clientId,
      MEDSEG_OIDC_CLIENT_SECRET: provider.clientSecret,
      MEDSEG_OIDC_NAME: 'Lab ID',
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await provider?.stop();
  });

  const users = async (): Promise<User[]> => (await (await stack.fetch('/api/admin/users')).json()) as User[];
  const userNamed = async (username: string): Promise<User | undefined> => (await users()).find((u) => u.username === username);

  /** Signs in at the provider as `login`; answers the gateway's final redirect and the signed-in caller. */
  const signIn = async (login: string, returnUrl?: string) => {
    const { res } = await signInWithProvider(stack.url, login, { returnUrl });
    expect(res.status).toBe(302);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('medseg_session=') && !c.startsWith('medseg_session=;'));
    if (!session) throw new Error(`no session: redirected to ${res.headers.get('location')}`);
    const me = (await (await browserOf(stack, session).fetch('/api/auth/me')).json()) as Me;
    return { location: res.headers.get('location'), session, me };
  };

  const refusal = async (login: string, options: Parameters<typeof signInWithProvider>[2] = {}) => {
    const { res } = await signInWithProvider(stack.url, login, options);
    expect(res.status).toBe(302);
    expect(res.headers.getSetCookie().some((c) => /^medseg_session=[^;]/.test(c))).toBe(false);
    const location = new URL(res.headers.get('location')!, stack.url);
    expect(location.pathname).toBe('/login');
    return location.searchParams.get('error');
  };

  it('offers the provider on GET /api/auth/providers', async () => {
    const res = await fetch(`${stack.url}/api/auth/providers`);
    expect(await res.json()).toEqual({ password: true, oidc: { name: 'Lab ID', loginUrl: '/api/auth/oidc/login' } });
  });

  it('creates a user on the first sign-in, with the role of the claim, and goes back to returnUrl', async () => {
    const { location, session, me } = await signIn('alice-sub', '/models?tab=mine');
    expect(location).toBe('/models?tab=mine');
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(me).toMatchObject({ username: 'alice', role: 'researcher', authMethod: 'session', mustSetPassword: false });
    expect(await userNamed('alice')).toMatchObject({ displayName: 'Alice Liddell', role: 'researcher', oidc: true, hasPassword: false, disabled: false });
  });

  it('maps a second sign-in to the same user, and another person of the same name to a new one', async () => {
    const first = (await userNamed('alice'))!;
    expect((await signIn('alice-sub')).me.id).toBe(first.id);
    const other = await signIn('other-alice-sub');
    expect(other.me).toMatchObject({ username: 'alice-2', role: 'viewer' });
    expect((await signIn('carol-sub')).me.username).toBe('carol');
    expect((await users()).filter((u) => u.username.startsWith('alice'))).toHaveLength(2);
  });

  it('applies a role changed in the claim at the next sign-in; an unknown role means the default', async () => {
    provider.accounts.get('alice-sub')!.medseg_role = 'admin';
    expect((await signIn('alice-sub')).me.role).toBe('admin');
    provider.accounts.get('alice-sub')!.medseg_role = 'superuser';
    expect((await signIn('alice-sub')).me.role).toBe('viewer');
    delete provider.accounts.get('alice-sub')!.medseg_role;
    expect((await signIn('alice-sub')).me.role).toBe('viewer');
    provider.accounts.get('alice-sub')!.medseg_role = 'researcher';
    expect((await signIn('alice-sub')).me.role).toBe('researcher');
  });

  it('refuses an answer whose state was changed', async () => {
    const error = await refusal('alice-sub', { tamper: (url) => url.searchParams.set('state', 'forged-state') });
    expect(error).toMatch(/could not be verified/);
  });

  it('refuses a provider answer brought by another browser (login CSRF) and a replayed one', async () => {
    const { callbackUrl, jar } = await signInWithProvider(stack.url, 'carol-sub', { stopAtCallback: true });
    const elsewhere = await fetch(callbackUrl!, { redirect: 'manual' });
    expect(elsewhere.status).toBe(302);
    expect(new URL(elsewhere.headers.get('location')!, stack.url).searchParams.get('error')).toMatch(/expired or was started in another browser/);
    const own = await jar.fetch(callbackUrl!);
    expect(own.headers.get('location')).toBe('/');
    const replay = await jar.fetch(callbackUrl!);
    expect(replay.headers.get('location')).toMatch(/^\/login\?error=/);
  });

  it('shows the reason when the person cancels at the provider', async () => {
    expect(await refusal('carol-sub', { abort: true })).toMatch(/refused the sign-in: End-User aborted interaction/);
  });

  it.each(['https://evil.example/phish', '//evil.example/phish', '/\\evil.example', 'javascript:alert(1)'])(
    'never redirects off-site: returnUrl %s lands on /',
    async (returnUrl) => {
      const start = await fetch(`${stack.url}/api/auth/oidc/login?returnUrl=${encodeURIComponent(returnUrl)}`, { redirect: 'manual' });
      expect(new URL(start.headers.get('location')!).origin).toBe(provider.issuer);
      expect((await signIn('carol-sub', returnUrl)).location).toBe('/');
    },
  );

  it('sends a browser on another name of the server to the public URL first, once', async () => {
    const locationFor = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = get(`${stack.url}${path}`, { headers: { host: `localhost:${new URL(stack.url).port}` } }, (res) => {
          res.resume();
          resolve(res.headers.location ?? '');
        });
        req.on('error', reject);
      });
    expect(await locationFor('/api/auth/oidc/login?returnUrl=%2Fmodels')).toBe(
      `${stack.url}/api/auth/oidc/login?returnUrl=%2Fmodels&redirected=1`,
    );
    // A proxy that rewrites Host still gets the sign-in, not a loop.
    expect(new URL(await locationFor('/api/auth/oidc/login?returnUrl=%2Fmodels&redirected=1')).origin).toBe(provider.issuer);
  });

  it('refuses a disabled user, and signs them in again once enabled', async () => {
    const carol = (await userNamed('carol'))!;
    const disable = await stack.fetch(`/api/admin/users/${carol.id}`, { ...json({ disabled: true }), method: 'PATCH' });
    expect(disable.status).toBe(200);
    expect(await refusal('carol-sub')).toMatch(/carol is disabled/);
    await stack.fetch(`/api/admin/users/${carol.id}`, { ...json({ disabled: false }), method: 'PATCH' });
    expect((await signIn('carol-sub')).me.id).toBe(carol.id);
  });

  it('finds the same user after medseg.db is deleted: the provider link lives in S3', async () => {
    const alice = (await userNamed('alice'))!;
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${stack.config.dbPath}${suffix}`, { force: true });
    await stack.restartGateway();
    expect(await userNamed('alice')).toMatchObject({ id: alice.id, oidc: true });
    expect((await signIn('alice-sub')).me.id).toBe(alice.id);
  });
});
