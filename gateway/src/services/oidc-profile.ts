import { ROLES, type Role, USERNAME_PATTERN } from '../dtos/auth.dto';

/** The claims of a signed-in person: the ID token's, completed by the userinfo endpoint's. */
export type OidcClaims = Record<string, unknown> & { iss: string; sub: string };

/** What a MedSeg user made or refreshed from single sign-on looks like, before it is stored. */
export interface OidcProfile {
  /** Valid per USERNAME_PATTERN; the accounts side makes it unique (see usernameCandidates). */
  username: string;
  displayName: string;
  role: Role;
}

const DISPLAY_NAME_MAX = 120;

export function profileFromClaims(claims: OidcClaims, roleClaim: string, defaultRole: Role): OidcProfile {
  const username = usernameBase(claims);
  const name = text(claims.name) ?? [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return {
    username,
    displayName: (name || username).slice(0, DISPLAY_NAME_MAX),
    role: roleFromClaims(claims, roleClaim, defaultRole),
  };
}

/**
 * The role a claim names. Providers put it under a plain name, a namespaced URL (Auth0: dots in the
 * name) or a nested path (Keycloak: realm_access.roles), as one string or a list: the highest
 * MedSeg role in it wins; anything else means the default.
 */
export function roleFromClaims(claims: Record<string, unknown>, roleClaim: string, defaultRole: Role): Role {
  const value = roleClaim in claims ? claims[roleClaim] : claimAtPath(claims, roleClaim);
  const values = Array.isArray(value) ? value : [value];
  const ranks = values.map((v) => (typeof v === 'string' ? ROLES.indexOf(v.trim().toLowerCase() as Role) : -1));
  const best = Math.max(-1, ...ranks);
  return best >= 0 ? ROLES[best] : defaultRole;
}

/** preferred_username, else the local part of the e-mail address, folded into USERNAME_PATTERN. */
export function usernameBase(claims: Record<string, unknown>): string {
  const raw = text(claims.preferred_username) ?? text(claims.email) ?? '';
  const local = raw.includes('@') ? raw.slice(0, raw.indexOf('@')) : raw;
  const folded = local
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
  if (USERNAME_PATTERN.test(folded)) return folded;
  return folded ? `user-${folded}`.slice(0, 63) : 'user';
}

/** base, base-2, base-3, …: each valid per USERNAME_PATTERN, cut to leave room for the suffix. */
export function* usernameCandidates(base: string): Generator<string> {
  yield base;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    yield `${base.slice(0, 63 - suffix.length)}${suffix}`;
  }
}

/**
 * A same-origin path to go to after signing in: an absolute URL, a protocol-relative `//host`,
 * a backslash (which browsers read as a slash) or a control character falls back to `/`, so a
 * crafted sign-in link can never send anybody off-site.
 */
export function safeReturnUrl(raw: string | undefined | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || [...raw].some(unsafeInPath)) return '/';
  const base = 'http://medseg.invalid';
  let parsed: URL;
  try {
    parsed = new URL(raw, base);
  } catch {
    return '/';
  }
  if (parsed.origin !== base) return '/';
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

function unsafeInPath(char: string): boolean {
  const code = char.charCodeAt(0);
  return char === '\\' || code < 0x20 || code === 0x7f;
}

function claimAtPath(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
