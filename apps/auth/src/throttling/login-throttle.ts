import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, OutageLog, PLATFORM_ERRORS, ProblemException } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { clientAddressKey } from './client-address.js';
import { FailureCounter } from './failure-counter.js';

/** Prefix of every counter key in Redis. */
export const LOGIN_FAILURE_KEY_PREFIX = 'ficus:auth:login-failures:';

/** Who a password attempt is counted against: the account it names and the address it came from. */
export interface LoginAttempt {
  /** Normalised email, whether or not such an account exists (so throttling reveals nothing). */
  email: string;
  clientIp?: string;
}

/**
 * Password-guessing throttle (ASVS V6.3): at most AUTH_LOGIN_MAX_FAILURES failed attempts per
 * account, and per address, within AUTH_LOGIN_FAILURE_WINDOW_S; beyond that attempts are
 * refused with 429 and Retry-After until the window ends — without checking the password, so
 * refused guesses cost nothing and reveal nothing.
 *
 * Every attempt is counted *before* its password is checked (`reserve`), and the count that
 * comes back decides: reading the count first and adding the failure after the (slow) Argon2
 * check let any number of parallel guesses pass the same read. A failed attempt simply stays
 * counted. A refused one is handed back, so a guess refused for the account does not also
 * count against the address (and the reverse). A success clears the account's count and hands
 * back its reservation on the address: the address counts failures only, and one that guesses
 * against many accounts stays throttled.
 * If the counter store fails, attempts are refused with 503 (fail closed), like the HTTP
 * throttler's `auth` tier.
 */
@Injectable()
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly outage = new OutageLog(LoginThrottle.name, (reason) => `Login failure counter unavailable (${reason}): refusing sign-ins until it answers`);

  constructor(
    private readonly counter: FailureCounter,
    config: AppConfig,
  ) {
    this.maxFailures = config.AUTH_LOGIN_MAX_FAILURES;
    this.windowMs = config.AUTH_LOGIN_FAILURE_WINDOW_S * 1000;
  }

  /**
   * Counts the attempt against its account and address before the password is checked. Throws
   * 429 `auth.login_throttled` (with `retryAfterSeconds`) when either is already at its limit.
   */
  async reserve(attempt: LoginAttempt): Promise<void> {
    const keys = keysOf(attempt);
    const counts = await this.guard(() => this.counter.reserve(keys, this.windowMs));
    const over = counts.filter((count) => count.count > this.maxFailures);
    if (over.length === 0) return;
    await this.guard(() => this.counter.release(keys));
    const waitMs = Math.max(...over.map((count) => count.resetInMs));
    throw new ProblemException({
      status: 429,
      code: AUTH_ERRORS.loginThrottled,
      detail: 'Too many failed sign-in attempts; try again later.',
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }

  /** The password was right: the account starts again from zero, the address gets its reservation back. */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.guard(async () => {
      await this.counter.reset(accountKey(attempt.email));
      if (attempt.clientIp) await this.counter.release([addressKey(attempt.clientIp)]);
    });
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.outage.report(error);
      throw new ProblemException({ status: 503, type: 'login-throttle-unavailable', code: PLATFORM_ERRORS.storeUnavailable, detail: 'Sign-in is briefly unavailable; retry shortly.', retryAfterSeconds: 5 });
    }
  }
}

/** Emails are hashed in keys: the counter store needs to tell accounts apart, not read them. */
function accountKey(email: string): string {
  return `${LOGIN_FAILURE_KEY_PREFIX}account:${createHash('sha256').update(email).digest('base64url')}`;
}

function addressKey(clientIp: string): string {
  return `${LOGIN_FAILURE_KEY_PREFIX}ip:${clientAddressKey(clientIp)}`;
}

function keysOf(attempt: LoginAttempt): string[] {
  return attempt.clientIp ? [accountKey(attempt.email), addressKey(attempt.clientIp)] : [accountKey(attempt.email)];
}
