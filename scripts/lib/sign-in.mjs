// Signs in to a freshly started gateway the way a newcomer does: the one-time link the first start
// wrote beside medseg.db, then a password, then an API token for scripts. Used by the benchmarks
// and the browser tests (they start the platform themselves).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitFor } from './services.mjs';

/** Answers { token, cookie, username, password } of the first admin. */
export async function signInFirstAdmin(gatewayUrl, dbPath, { password = 'medseg test password' } = {}) {
  const file = join(dirname(dbPath), 'login-link.txt');
  await waitFor('first-start login link', async () => existsSync(file), { timeoutMs: 60_000 });
  const link = new URL(readFileSync(file, 'utf8').trim()).searchParams.get('link');
  const post = (path, body, headers = {}, method = 'POST') =>
    fetch(`${gatewayUrl}${path}`, { method, headers: { 'content-type': 'application/json', origin: gatewayUrl, ...headers }, body: JSON.stringify(body) });
  const signedIn = await post('/api/auth/login-link', { link });
  if (signedIn.status !== 200) throw new Error(`login link refused: ${signedIn.status} ${await signedIn.text()}`);
  const cookie = signedIn.headers.get('set-cookie').split(';')[0];
  const set = await post('/api/auth/password', { newPassword: password }, { cookie }, 'PUT');
  if (set.status !== 204) throw new Error(`setting the admin password: ${set.status} ${await set.text()}`);
  const created = await post('/api/auth/tokens', { name: 'test harness' }, { cookie });
  if (created.status !== 201) throw new Error(`creating an API token: ${created.status} ${await created.text()}`);
  const { secret } = await created.json();
  return { token: secret, cookie, username: 'admin', password };
}

/** fetch with `Authorization: Bearer <token>` added. */
export function bearerFetch(token) {
  return (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  };
}
