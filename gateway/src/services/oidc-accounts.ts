import type { Role } from '../dtos/auth.dto';

/**
 * What single sign-on needs from the accounts side (users in S3 + SQLite, sessions), and no more:
 * the accounts services implement it and are provided under OIDC_ACCOUNTS. The sign-in rules
 * (username, display name, role at every sign-in, refusing a disabled user) stay in
 * OidcSignInService, so the accounts side only stores.
 */
export interface OidcAccounts {
  /** The user linked to this provider identity, disabled ones included; null when there is none. */
  findUserByOidc(issuer: string, subject: string): Promise<OidcUser | null>;
  isUsernameTaken(username: string): Promise<boolean>;
  /** A user with no password who signs in through the provider only. Rejects a taken username. */
  createOidcUser(user: NewOidcUser): Promise<OidcUser>;
  /** Refreshes what the provider owns (the display name and the role) at each sign-in. */
  updateOidcUser(id: string, changes: { displayName: string; role: Role }): Promise<OidcUser>;
  /** A browser session as after a password login; `cookie` is the whole Set-Cookie header value. */
  startSession(userId: string, meta: SessionMeta): Promise<{ cookie: string }>;
}

export interface OidcUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
}

export interface NewOidcUser {
  username: string;
  displayName: string;
  role: Role;
  oidc: { issuer: string; subject: string };
}

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

export const OIDC_ACCOUNTS = Symbol('OidcAccounts');
