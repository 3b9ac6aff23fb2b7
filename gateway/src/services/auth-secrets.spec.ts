import { describe, expect, it } from 'vitest';
import { isApiTokenShape, newApiToken, randomSecret, sha256Hex } from './auth-secrets';

describe('auth secrets', () => {
  it('builds API tokens as medseg_<12 base32>_<43 base64url> with a 16-character prefix', () => {
    const token = newApiToken();
    expect(token.secret).toMatch(/^medseg_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.secret.slice(7, 19)).toBe(token.id);
    expect(token.prefix).toBe(token.secret.slice(0, 16));
    expect(token.sha256).toBe(sha256Hex(token.secret));
    expect(isApiTokenShape(token.secret)).toBe(true);
  });

  it('refuses credentials that are not token-shaped', () => {
    expect(isApiTokenShape('medseg_short_x')).toBe(false);
    expect(isApiTokenShape(randomSecret())).toBe(false);
  });

  it('never repeats a secret', () => {
    expect(new Set(Array.from({ length: 100 }, randomSecret)).size).toBe(100);
  });
});
