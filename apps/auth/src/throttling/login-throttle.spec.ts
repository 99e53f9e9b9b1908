import { AppConfig, loadConfig, PLATFORM_ERRORS, ProblemException } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import type { AuthClock } from '../auth.clock.js';
import { FailureCounter, type FailureCount } from './failure-counter.js';
import { LoginThrottle } from './login-throttle.js';
import { MemoryFailureCounter } from './memory-failure-counter.js';

function throttleAt(clock: { ms: number }, env: Record<string, string> = {}): LoginThrottle {
  const fakeClock = { now: () => new Date(clock.ms) } as AuthClock;
  return new LoginThrottle(new MemoryFailureCounter(fakeClock), loadConfig(AppConfig, env));
}

async function problemOf(promise: Promise<unknown>): Promise<ProblemException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('LoginThrottle', () => {
  it('lets AUTH_LOGIN_MAX_FAILURES attempts through, then refuses with the seconds left in the window', async () => {
    const clock = { ms: Date.parse('2026-11-25T09:00:00Z') };
    const throttle = throttleAt(clock, { AUTH_LOGIN_MAX_FAILURES: '3', AUTH_LOGIN_FAILURE_WINDOW_S: '600' });
    const attempt = { email: 'ada@example.com' };
    for (let failure = 0; failure < 3; failure++) {
      await expect(throttle.reserve(attempt)).resolves.toBeUndefined();
      clock.ms += 10_000;
    }
    const refused = await problemOf(throttle.reserve(attempt));
    expect(refused.getStatus()).toBe(429);
    expect(refused.code).toBe(AUTH_ERRORS.loginThrottled);
    // The window opened with the first attempt, 30 s ago.
    expect(refused.retryAfterSeconds).toBe(570);
    clock.ms += 570_000;
    await expect(throttle.reserve(attempt)).resolves.toBeUndefined();
  });

  it('counts parallel attempts one by one: only the first AUTH_LOGIN_MAX_FAILURES get through', async () => {
    const throttle = throttleAt({ ms: 0 }, { AUTH_LOGIN_MAX_FAILURES: '5' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => throttle.reserve({ email: 'ada@example.com', clientIp: '203.0.113.5' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
  });

  it('clears the account on success and hands back the address’s reservation, keeping its failures', async () => {
    const clock = { ms: 0 };
    const throttle = throttleAt(clock, { AUTH_LOGIN_MAX_FAILURES: '2' });
    const attempt = { email: 'ada@example.com', clientIp: '203.0.113.9' };
    // Two failures: both reservations stay.
    await throttle.reserve(attempt);
    await throttle.reserve(attempt);
    expect((await problemOf(throttle.reserve(attempt))).getStatus()).toBe(429);
    // The password reset proved the owner (no address): the account starts again.
    await throttle.recordSuccess({ email: 'ada@example.com' });
    await expect(throttle.reserve({ email: 'ada@example.com' })).resolves.toBeUndefined();
    await throttle.recordSuccess({ email: 'ada@example.com' });
    // The address still holds two failures: it stays throttled for every account.
    expect((await problemOf(throttle.reserve({ email: 'grace@example.com', clientIp: '203.0.113.9' }))).getStatus()).toBe(429);
  });

  it('does not count successful logins against the address', async () => {
    const throttle = throttleAt({ ms: 0 }, { AUTH_LOGIN_MAX_FAILURES: '2' });
    for (let login = 0; login < 5; login++) {
      const attempt = { email: `user${login}@example.com`, clientIp: '198.51.100.1' };
      await throttle.reserve(attempt);
      await throttle.recordSuccess(attempt);
    }
    await expect(throttle.reserve({ email: 'next@example.com', clientIp: '198.51.100.1' })).resolves.toBeUndefined();
  });

  it('does not count a refused attempt against the other key', async () => {
    const throttle = throttleAt({ ms: 0 }, { AUTH_LOGIN_MAX_FAILURES: '1' });
    await throttle.reserve({ email: 'victim@example.com', clientIp: '192.0.2.1' });
    // Refused for the account: the bystander's address must not be charged for it.
    expect((await problemOf(throttle.reserve({ email: 'victim@example.com', clientIp: '192.0.2.2' }))).getStatus()).toBe(429);
    await expect(throttle.reserve({ email: 'mine@example.com', clientIp: '192.0.2.2' })).resolves.toBeUndefined();
  });

  it('fails closed with 503 when the counter store fails', async () => {
    class BrokenCounter extends FailureCounter {
      reserve(): Promise<FailureCount[]> {
        return Promise.reject(new Error('connection refused'));
      }
      release(): Promise<void> {
        return Promise.reject(new Error('connection refused'));
      }
      reset(): Promise<void> {
        return Promise.reject(new Error('connection refused'));
      }
    }
    const throttle = new LoginThrottle(new BrokenCounter(), loadConfig(AppConfig, {}));
    const refused = await problemOf(throttle.reserve({ email: 'ada@example.com' }));
    expect(refused.getStatus()).toBe(503);
    expect(refused.code).toBe(PLATFORM_ERRORS.storeUnavailable);
    expect(refused.retryAfterSeconds).toBe(5);
  });
});
