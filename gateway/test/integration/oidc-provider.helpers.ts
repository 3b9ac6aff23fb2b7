import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

/** A person at the provider: the claims it hands out for them (sub is the account id). */
export type ProviderAccount = Record<string, unknown>;

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Mutable: a change shows in the claims of the next sign-in. */
  accounts: Map<string, ProviderAccount>;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (the oidc-provider package) on `port`, with one confidential client whose
 * redirect URI is the gateway's callback, the role claim under the profile scope, and its
 * development login and consent pages (any password signs in as the account typed).
 */
export async function startProvider(port: number, gatewayUrl: string): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'medseg-test';
  const clientSecret = 'medseg-test-client-secret-0123456789';
  const accounts = new Map<string, ProviderAccount>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${gatewayUrl}/api/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'medseg_role'],
      email: ['email', 'email_verified'],
    },
    cookies: { keys: ['medseg-test-cookie-key'] },
    // Explicit lifetimes (seconds) keep the provider from printing a notice for each default.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      if (!accounts.has(id)) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) };
    },
  });
  // The provider warns about its development keys and interactions: expected in a test.
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Cookies per origin, as a browser keeps them (paths ignored: names do not clash here). */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const { origin } = new URL(url);
    const headers = new Headers(init.headers);
    const jar = this.cookies.get(origin);
    if (jar?.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a)) || value === '';
      const store = this.cookies.get(origin) ?? new Map<string, string>();
      if (gone) store.delete(name);
      else store.set(name, value);
      this.cookies.set(origin, store);
    }
    return res;
  }

  get(origin: string, name: string): string | undefined {
    return this.cookies.get(origin)?.get(name);
  }
}

export interface SignInOptions {
  returnUrl?: string;
  jar?: CookieJar;
  /** Changes the provider's answer before the browser takes it to the gateway (an attack). */
  tamper?: (callback: URL) => void;
  /** Press the provider's "Cancel" instead of signing in. */
  abort?: boolean;
  /** Stop at the provider's answer, without taking it to the gateway. */
  stopAtCallback?: boolean;
}

export interface SignInResult {
  /** The gateway's last answer (a redirect: to the returnUrl, or to /login?error=…). */
  res: Response;
  jar: CookieJar;
  /** The provider's answer the browser brought (or would bring) to the callback. */
  callbackUrl: string | null;
}

/**
 * Drives a browser through single sign-on with fetch: the gateway's redirect to the provider,
 * the provider's login and consent forms, and its redirect back to the gateway's callback.
 */
export async function signInWithProvider(gatewayUrl: string, login: string, options: SignInOptions = {}): Promise<SignInResult> {
  const jar = options.jar ?? new CookieJar();
  const query = options.returnUrl === undefined ? '' : `?returnUrl=${encodeURIComponent(options.returnUrl)}`;
  let url = `${gatewayUrl}/api/auth/oidc/login${query}`;
  let init: RequestInit = {};
  let callbackUrl: string | null = null;
  for (let hop = 0; hop < 20; hop += 1) {
    const atGateway = url.startsWith(gatewayUrl);
    if (url.startsWith(`${gatewayUrl}/api/auth/oidc/callback`)) {
      const callback = new URL(url);
      options.tamper?.(callback);
      callbackUrl = url = callback.href;
      if (options.stopAtCallback) return { res: new Response(null, { status: 204 }), jar, callbackUrl };
    }
    const res = await jar.fetch(url, init);
    init = {};
    const location = res.headers.get('location');
    if (atGateway && !(location && new URL(location, url).origin !== new URL(gatewayUrl).origin)) {
      return { res, jar, callbackUrl };
    }
    if (location && res.status >= 300 && res.status < 400) {
      url = new URL(location, url).href;
      continue;
    }
    const page = await res.text();
    if (res.status !== 200 || !page.includes('<form')) throw new Error(`unexpected ${res.status} at ${url}: ${page.slice(0, 500)}`);
    if (options.abort && page.includes('name="login"')) {
      url = new URL(attribute(page, /href="([^"]*\/abort)"/), url).href;
      continue;
    }
    const fields = new URLSearchParams();
    for (const input of page.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      fields.set(attribute(input[0], /name="([^"]*)"/), attribute(input[0], /value="([^"]*)"/));
    }
    if (page.includes('name="login"')) {
      fields.set('login', login);
      fields.set('password', 'any password');
    }
    url = new URL(attribute(page, /<form[^>]*action="([^"]*)"/), url).href;
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() };
  }
  throw new Error(`single sign-on as ${login} did not finish within 20 steps (last at ${url})`);
}

function attribute(html: string, pattern: RegExp): string {
  const match = pattern.exec(html);
  if (!match) throw new Error(`no ${pattern.source} in ${html.slice(0, 300)}`);
  return match[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
