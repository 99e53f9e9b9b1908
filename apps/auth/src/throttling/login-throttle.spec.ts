import { AppConfig, AUTH_ERRORS, loadConfig, ProblemException } from '@ficus/common';
import type { PinoLogger } from 'nestjs-pino';
import type { AuthClock } from '../auth.clock.js';
import { FailureCounter, type FailureCount } from './failure-counter.js';
import { LoginThrottle } from './login-throttle.js';
import { MemoryFailureCounter } from './memory-failure-counter.js';

const logger = { setContext: jest.fn(), error: jest.fn() } as unknown as PinoLogger;

function throttleAt(clock: { ms: number }, env: Record<string, string> = {}): LoginThrottle {
  const fakeClock = { now: () => new Date(clock.ms) } as AuthClock;
  return new LoginThrottle(new MemoryFailureCounter(fakeClock), logger, loadConfig(AppConfig, env));
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
  it('allows AUTH_LOGIN_MAX_FAILURES failures, then refuses with the seconds left in the window', async () => {
    const clock = { ms: Date.parse('2026-11-25T09:00:00Z') };
    const throttle = throttleAt(clock, { AUTH_LOGIN_MAX_FAILURES: '3', AUTH_LOGIN_FAILURE_WINDOW_S: '600' });
    const attempt = { email: 'ada@example.com' };
    for (let failure = 0; failure < 3; failure++) {
      await expect(throttle.assertAllowed(attempt)).resolves.toBeUndefined();
      await throttle.recordFailure(attempt);
      clock.ms += 10_000;
    }
    const refused = await problemOf(throttle.assertAllowed(attempt));
    expect(refused.getStatus()).toBe(429);
    expect(refused.code).toBe(AUTH_ERRORS.loginThrottled);
    // The window opened with the first failure, 30 s ago.
    expect(refused.retryAfterSeconds).toBe(570);
    clock.ms += 570_000;
    await expect(throttle.assertAllowed(attempt)).resolves.toBeUndefined();
  });

  it('clears the account on success but not the address', async () => {
    const clock = { ms: 0 };
    const throttle = throttleAt(clock, { AUTH_LOGIN_MAX_FAILURES: '2' });
    const attempt = { email: 'ada@example.com', clientIp: '203.0.113.9' };
    await throttle.recordFailure(attempt);
    await throttle.recordFailure(attempt);
    await throttle.recordSuccess(attempt);
    await expect(throttle.assertAllowed({ email: 'ada@example.com' })).resolves.toBeUndefined();
    expect((await problemOf(throttle.assertAllowed({ email: 'grace@example.com', clientIp: '203.0.113.9' }))).getStatus()).toBe(429);
  });

  it('fails closed with 503 when the counter store fails', async () => {
    class BrokenCounter extends FailureCounter {
      peek(): Promise<FailureCount[]> {
        return Promise.reject(new Error('connection refused'));
      }
      increment(): Promise<void> {
        return Promise.reject(new Error('connection refused'));
      }
      reset(): Promise<void> {
        return Promise.reject(new Error('connection refused'));
      }
    }
    const throttle = new LoginThrottle(new BrokenCounter(), logger, loadConfig(AppConfig, {}));
    const refused = await problemOf(throttle.assertAllowed({ email: 'ada@example.com' }));
    expect(refused.getStatus()).toBe(503);
    expect(refused.code).toBeUndefined();
  });
});
