import { RESILIENCE_ERRORS } from './errors.js';

/** Raised when an operation did not settle within its time budget. */
export class TimeoutError extends Error {
  readonly code = RESILIENCE_ERRORS.timeout;

  constructor(readonly timeoutMs: number, operation = 'operation') {
    super(`${operation} did not finish within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Settles like `promise`, or rejects with a `TimeoutError` once `timeoutMs` has passed.
 * The timer is always cleared, so a finished call never keeps the process alive. The
 * underlying work is not cancelled: pass an AbortSignal to it where it supports one.
 */
export async function withTimeout<T>(promise: PromiseLike<T>, timeoutMs: number, operation?: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs, operation)), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** `true` when `promise` settles within `timeoutMs`, `false` when the time ran out first. */
export async function settlesWithin(promise: PromiseLike<unknown>, timeoutMs: number): Promise<boolean> {
  try {
    await withTimeout(promise, timeoutMs);
    return true;
  } catch (error) {
    if (error instanceof TimeoutError) return false;
    throw error;
  }
}
