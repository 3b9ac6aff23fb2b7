import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  it('stores Argon2id with the OWASP parameters and verifies only the right password', async () => {
    const phc = await hashPassword('correct horse battery');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(phc, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(phc, 'wrong horse battery')).toBe(false);
  });

  it('answers false for a missing hash after the same work as a real check', async () => {
    const phc = await hashPassword('x'.repeat(12));
    await verifyPassword(null, 'warm-up');
    const t0 = performance.now();
    await verifyPassword(phc, 'nope');
    const real = performance.now() - t0;
    const t1 = performance.now();
    expect(await verifyPassword(null, 'nope')).toBe(false);
    const dummy = performance.now() - t1;
    expect(dummy).toBeGreaterThan(real / 4);
  });
});
