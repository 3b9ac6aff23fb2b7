import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from './stack';

export interface Me {
  id: string;
  username: string;
  role: string;
  mustSetPassword: boolean;
  authMethod: string;
}

/** A browser-like client: sends its session cookie and this page's Origin, as the web app does. */
export interface Browser {
  cookie: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export function browserOf(stack: Stack, setCookie: string | null): Browser {
  if (!setCookie) throw new Error('no Set-Cookie in the answer');
  const cookie = setCookie.split(';')[0];
  return {
    cookie,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (!headers.has('origin')) headers.set('origin', stack.url);
      return fetch(`${stack.url}${path}`, { ...init, headers });
    },
  };
}

export function postLogin(stack: Stack, username: string, password: string): Promise<Response> {
  return fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

export async function signIn(stack: Stack, username: string, password: string): Promise<Browser> {
  const res = await postLogin(stack, username, password);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return browserOf(stack, res.headers.get('set-cookie'));
}

/** Creates a user through the admin API (as the stack's admin); answers its id. */
export async function createUser(stack: Stack, username: string, role: string, password?: string): Promise<{ id: string; loginLink: string | null }> {
  const res = await stack.fetch('/api/admin/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, displayName: username.toUpperCase(), role, ...(password ? { password } : {}) }),
  });
  if (res.status !== 201) throw new Error(`create user ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { id: string }; loginLink: string | null };
  return { id: body.user.id, loginLink: body.loginLink };
}

export function linkSecret(link: string): string {
  return new URL(link).searchParams.get('link')!;
}

export function firstStartLink(stack: Stack): string {
  return readFileSync(join(stack.dir, 'login-link.txt'), 'utf8').trim();
}

export const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
