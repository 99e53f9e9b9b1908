import { UpstreamError } from './errors.js';
import { sleep } from './sleep.js';

/** Limits of the retry loop of one guarded call. */
export interface RetryOptions {
  /** Attempts in all, the first one included; 1 disables retries. */
  maxAttempts: number;
  /** Ceiling of the first backoff; each further retry doubles it (full jitter picks 0…ceiling). */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** Budget of the whole call, attempts and waits together; no attempt outlives it. */
  maxTotalMs: number;
  /** Longest `Retry-After` honoured; a dependency asking for more ends the retries at once. */
  maxRetryAfterMs: number;
}

/** What the retry loop needs to know besides its limits. */
export interface RetryControl {
  /** Whether this failure deserves another attempt (a transient failure, a closed breaker). */
  shouldRetry(error: unknown): boolean;
  /** Aborts the loop, its waits included, with the signal's reason. */
  signal?: AbortSignal;
  /** Source of jitter in [0, 1); `Math.random` unless a test pins it. */
  random?: () => number;
  /** Told once per retry, when its backoff has passed and the attempt starts (metrics). */
  onRetry?: () => void;
}

/** Full-jitter exponential backoff: uniform in [0, min(maxDelay, base · 2^(retry−1))). */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, a failure is not worth retrying, attempts run out, or the
 * next attempt could not start within `maxTotalMs`; then throws the last failure. Each attempt
 * gets the milliseconds left of the budget so that it can bound its own timeout.
 */
export async function retryWithBackoff<T>(
  attempt: (remainingMs: number) => Promise<T>,
  options: RetryOptions,
  control: RetryControl,
): Promise<T> {
  const deadline = Date.now() + options.maxTotalMs;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    if (attemptNumber > 1) control.onRetry?.();
    try {
      return await attempt(deadline - Date.now());
    } catch (error) {
      if (control.signal?.aborted || attemptNumber >= options.maxAttempts || !control.shouldRetry(error)) throw error;
      const delay = nextDelay(error, attemptNumber, options, control.random);
      if (delay === undefined || Date.now() + delay >= deadline) throw error;
      await sleep(delay, control.signal);
    }
  }
}

// The backoff, lengthened to what the dependency asked for; undefined when it asked for longer
// than we are willing to wait (retrying earlier would only be refused again).
function nextDelay(error: unknown, retry: number, options: RetryOptions, random?: () => number): number | undefined {
  const backoff = backoffDelay(retry, options, random);
  const asked = error instanceof UpstreamError ? error.retryAfterMs : undefined;
  if (asked === undefined) return backoff;
  if (asked > options.maxRetryAfterMs) return undefined;
  return Math.max(backoff, asked);
}
