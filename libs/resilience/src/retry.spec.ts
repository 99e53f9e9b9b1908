import { UpstreamError } from './errors.js';
import { backoffDelay, retryWithBackoff, type RetryOptions } from './retry.js';

const options: RetryOptions = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 60_000, maxRetryAfterMs: 5000 };
const always = { shouldRetry: () => true, random: () => 0.5 };

describe('backoffDelay', () => {
  it('draws uniformly below an exponentially growing, capped ceiling (full jitter)', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, options, () => 0.999_999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
  });
});

describe('retryWithBackoff', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('retries after the backoff and returns the first success', async () => {
    const attempt = jest.fn<Promise<string>, [number]>().mockRejectedValueOnce(new Error('one')).mockResolvedValueOnce('ok');
    const result = retryWithBackoff(attempt, options, always);
    await jest.advanceTimersByTimeAsync(49);
    expect(attempt).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('gives each attempt the budget left', async () => {
    const budgets: number[] = [];
    const result = retryWithBackoff(async (remainingMs) => { budgets.push(remainingMs); throw new Error('again'); }, { ...options, maxAttempts: 2, maxTotalMs: 1000 }, always).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(50);
    await expect(result).resolves.toThrow('again');
    expect(budgets).toEqual([1000, 950]);
  });

  it('stops after maxAttempts and throws the last failure', async () => {
    let count = 0;
    const result = retryWithBackoff(async () => { count += 1; throw new Error(`failure ${count}`); }, { ...options, maxAttempts: 3 }, always).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(result).resolves.toThrow('failure 3');
    expect(count).toBe(3);
  });

  it('does not retry what shouldRetry refuses', async () => {
    const attempt = jest.fn<Promise<never>, [number]>().mockRejectedValue(new UpstreamError('bad request', { status: 400 }));
    await expect(retryWithBackoff(attempt, options, { shouldRetry: () => false })).rejects.toThrow('bad request');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('waits as long as Retry-After asks when that is longer than the backoff', async () => {
    const attempt = jest.fn<Promise<string>, [number]>().mockRejectedValueOnce(new UpstreamError('slow down', { status: 429, retryAfterMs: 2000 })).mockResolvedValueOnce('ok');
    const result = retryWithBackoff(attempt, options, always);
    await jest.advanceTimersByTimeAsync(1999);
    expect(attempt).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
  });

  it('gives up at once when Retry-After exceeds maxRetryAfterMs', async () => {
    const tooLong = new UpstreamError('come back in a minute', { status: 429, retryAfterMs: 60_000 });
    const attempt = jest.fn<Promise<never>, [number]>().mockRejectedValue(tooLong);
    await expect(retryWithBackoff(attempt, options, always)).rejects.toBe(tooLong);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('starts no attempt that could not begin within maxTotalMs', async () => {
    const attempt = jest.fn<Promise<never>, [number]>().mockRejectedValue(new Error('down'));
    const settled = jest.fn();
    // Waits of 500, 1000, 2000 ms (random 0.5 of 1000, 2000, 4000): the third would end at 3500.
    void retryWithBackoff(attempt, { ...options, baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 10, maxTotalMs: 2500 }, always).catch(settled);
    await jest.advanceTimersByTimeAsync(1499);
    expect(attempt).toHaveBeenCalledTimes(2);
    expect(settled).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(settled).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('stops waiting as soon as the caller aborts', async () => {
    const controller = new AbortController();
    const attempt = jest.fn<Promise<never>, [number]>().mockRejectedValue(new Error('down'));
    const result = retryWithBackoff(attempt, options, { ...always, signal: controller.signal });
    result.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(10);
    controller.abort(new Error('client went away'));
    await expect(result).rejects.toThrow('client went away');
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
