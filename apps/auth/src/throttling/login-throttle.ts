import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, AUTH_ERRORS, ProblemException } from '@ficus/common';
import { PinoLogger } from 'nestjs-pino';
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
 * Password-guessing throttle (ASVS V6.3): after AUTH_LOGIN_MAX_FAILURES failed attempts for
 * an account, or from an address, within AUTH_LOGIN_FAILURE_WINDOW_S, attempts are refused with
 * 429 and Retry-After until the window ends — without checking the password, so refused
 * guesses cost nothing and reveal nothing. A success clears the account's count only: an
 * address that guesses against many accounts stays throttled.
 * If the counter store fails, attempts are refused with 503 (fail closed), like the HTTP
 * throttler's `auth` tier.
 */
@Injectable()
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(
    private readonly counter: FailureCounter,
    private readonly logger: PinoLogger,
    config: AppConfig,
  ) {
    logger.setContext(LoginThrottle.name);
    this.maxFailures = config.AUTH_LOGIN_MAX_FAILURES;
    this.windowMs = config.AUTH_LOGIN_FAILURE_WINDOW_S * 1000;
  }

  /** Throws 429 `auth.login_throttled` (with `retryAfterSeconds`) when the account or address is throttled. */
  async assertAllowed(attempt: LoginAttempt): Promise<void> {
    const counts = await this.guard(() => this.counter.peek(keysOf(attempt)));
    const blocked = counts.filter((count) => count.count >= this.maxFailures);
    if (blocked.length === 0) return;
    const waitMs = Math.max(...blocked.map((count) => count.resetInMs));
    throw new ProblemException({
      status: 429,
      code: AUTH_ERRORS.loginThrottled,
      detail: 'Too many failed sign-in attempts; try again later.',
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    await this.guard(() => this.counter.increment(keysOf(attempt), this.windowMs));
  }

  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.guard(() => this.counter.reset(accountKey(attempt.email)));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      this.logger.error({ err: error }, 'Login failure counter unavailable: refusing sign-ins until it answers');
      throw new ProblemException({ status: 503, type: 'login-throttle-unavailable', detail: 'Sign-in is briefly unavailable; retry shortly.', retryAfterSeconds: 5 });
    }
  }
}

/** Emails are hashed in keys: the counter store needs to tell accounts apart, not read them. */
function accountKey(email: string): string {
  return `${LOGIN_FAILURE_KEY_PREFIX}account:${createHash('sha256').update(email).digest('base64url')}`;
}

function keysOf(attempt: LoginAttempt): string[] {
  const keys = [accountKey(attempt.email)];
  if (attempt.clientIp) keys.push(`${LOGIN_FAILURE_KEY_PREFIX}ip:${clientAddressKey(attempt.clientIp)}`);
  return keys;
}
