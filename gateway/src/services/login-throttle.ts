import { HttpException, HttpStatus } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthConfig } from '../config';

/** 429 with the seconds to wait; the login controller copies them into Retry-After. */
export class TooManyLoginsException extends HttpException {
  constructor(readonly retryAfterS: number) {
    super(`Too many failed sign-ins; try again in ${retryAfterS} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Failed sign-ins counted per account and per client address (in memory: a restart forgets them,
 * and one gateway process serves the lab). Success clears the account's count.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(config: AuthConfig) {
    const duration = Math.ceil(config.loginWindowMs / 1000);
    this.perAccount = new RateLimiterMemory({ keyPrefix: 'account', points: config.loginFailuresPerAccount, duration });
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: config.loginFailuresPerAddress, duration });
  }

  /** Throws TooManyLoginsException while either limit is used up. */
  async check(account: string, address: string): Promise<void> {
    const [a, b] = await Promise.all([this.perAccount.get(account), this.perAddress.get(address)]);
    const waits = [
      a && a.consumedPoints >= this.perAccount.points ? a.msBeforeNext : 0,
      b && b.consumedPoints >= this.perAddress.points ? b.msBeforeNext : 0,
    ];
    const waitMs = Math.max(...waits);
    if (waitMs > 0) throw new TooManyLoginsException(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** Counts a failure; true when it is the one that used up a limit (the lock-out starts now). */
  async failed(account: string, address: string): Promise<boolean> {
    const results = await Promise.all([
      this.perAccount.penalty(account, 1),
      this.perAddress.penalty(address, 1),
    ]).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
      return null;
    });
    if (results === null) return false;
    const [a, b] = results;
    return a.consumedPoints === this.perAccount.points || b.consumedPoints === this.perAddress.points;
  }

  async succeeded(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}
