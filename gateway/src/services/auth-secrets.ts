import { createHash, randomBytes } from 'node:crypto';

/**
 * The secrets of accounts (docs/architecture.md, "Accounts"): session cookies, login links and API
 * tokens are 32 random bytes, stored only as their sha256, so a copy of medseg.db or of the bucket
 * signs nobody in.
 */

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
export const TOKEN_PREFIX = 'medseg_';
const TOKEN_PATTERN = /^medseg_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 12 lower-case base32 characters: the id of an API token, visible in its secret. */
export function tokenId(): string {
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

/** `medseg_<id>_<secret>`, its sha256 and the prefix shown to recognise it. */
export function newApiToken(): { id: string; secret: string; sha256: string; prefix: string } {
  const id = tokenId();
  const secret = `${TOKEN_PREFIX}${id}_${randomSecret()}`;
  return { id, secret, sha256: sha256Hex(secret), prefix: secret.slice(0, 16) };
}

/** Whether a bearer credential has the shape of one of our API tokens (cheap check before a lookup). */
export function isApiTokenShape(secret: string): boolean {
  return TOKEN_PATTERN.test(secret);
}
