import { describe, expect, it } from 'vitest';
import { LoginThrottle, TooManyLoginsException } from './login-throttle';

const config = { sessionIdleMs: 1, sessionMaxMs: 1, loginFailuresPerAccount: 3, loginFailuresPerAddress: 5, loginWindowMs: 60_000 };

describe('login throttle', () => {
  it('refuses an account after its failures, with the seconds left', async () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 3; i++) {
      await throttle.check('ada', '10.0.0.1');
      await throttle.failed('ada', '10.0.0.1');
    }
    const refused = await throttle.check('ada', '10.0.0.2').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyLoginsException);
    expect((refused as TooManyLoginsException).retryAfterS).toBeGreaterThan(50);
    await expect(throttle.check('bob', '10.0.0.2')).resolves.toBeUndefined();
  });

  it('refuses an address after its failures across accounts', async () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 5; i++) await throttle.failed(`user${i}`, '10.0.0.9');
    await expect(throttle.check('someone', '10.0.0.9')).rejects.toBeInstanceOf(TooManyLoginsException);
  });

  it('forgets an account’s failures once it signs in', async () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 2; i++) await throttle.failed('ada', '10.0.0.1');
    await throttle.succeeded('ada');
    await throttle.failed('ada', '10.0.0.1');
    await expect(throttle.check('ada', '10.0.0.3')).resolves.toBeUndefined();
  });

  it('says which failure starts a lock-out, once', async () => {
    const throttle = new LoginThrottle(config);
    const locked: boolean[] = [];
    for (let i = 0; i < 4; i++) locked.push(await throttle.failed('ada', '10.0.0.1'));
    expect(locked).toEqual([false, false, true, false]);
  });
});
