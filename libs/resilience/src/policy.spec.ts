import { Registry } from 'prom-client';
import { BulkheadRejectedError, UpstreamError } from './errors.js';
import type { DependencyOptions } from './options.js';
import { ResilienceRegistry } from './registry.js';
import { upstreamErrorFromResponse } from './retry-after.js';
import { TimeoutError } from './timeout.js';

// A breaker that stays closed here, so that these tests see retries, timeouts and the bulkhead alone.
const options: DependencyOptions = {
  breaker: { volumeThreshold: 1000, timeoutMs: 1000 },
  retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 10_000, maxRetryAfterMs: 5000 },
};

describe('ResilienceRegistry call policy', () => {
  const created: ResilienceRegistry[] = [];

  function create(dependency: DependencyOptions = options): ResilienceRegistry {
    const resilience = new ResilienceRegistry({ registry: new Registry(), dependencies: { llm: dependency }, random: () => 0 });
    created.push(resilience);
    return resilience;
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    for (const resilience of created.splice(0)) resilience.shutdown();
    jest.useRealTimers();
  });

  it('retries a 429 after its Retry-After, not before', async () => {
    const resilience = create();
    const tooMany = new Response(null, { status: 429, headers: { 'retry-after': '2' } });
    const operation = jest.fn<Promise<string>, [AbortSignal]>().mockRejectedValueOnce(upstreamErrorFromResponse(tooMany, 'llm')).mockResolvedValueOnce('ok');
    const result = resilience.call('llm', operation);
    await jest.advanceTimersByTimeAsync(1999);
    expect(operation).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('aborts a slow attempt after the breaker timeout and retries it', async () => {
    const resilience = create();
    const signals: AbortSignal[] = [];
    const operation = jest.fn((signal: AbortSignal) => {
      signals.push(signal);
      return signals.length === 1 ? new Promise<string>(() => undefined) : Promise.resolve('second try');
    });
    const result = resilience.call('llm', operation);
    await jest.advanceTimersByTimeAsync(999);
    expect(signals[0]?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(signals[0]?.reason).toBeInstanceOf(TimeoutError);
    await jest.advanceTimersByTimeAsync(1); // the backoff (0 ms with random pinned to 0)
    await expect(result).resolves.toBe('second try');
  });

  it('never outlives maxTotalMs, even inside an attempt', async () => {
    const resilience = create({ ...options, breaker: { ...options.breaker, timeoutMs: 60_000 }, retry: { ...options.retry, maxTotalMs: 2500 } });
    let seen: AbortSignal | undefined;
    const outcome = resilience.call('llm', (signal) => { seen = signal; return new Promise<never>(() => undefined); }).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(2499);
    expect(seen?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(await outcome).toMatchObject({ code: 'dependency.timeout', timeoutMs: 2500 });
    expect(seen?.aborted).toBe(true);
  });

  it('stops retrying when the next attempt could not start within maxTotalMs', async () => {
    const resilience = create({ ...options, retry: { ...options.retry, maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000, maxTotalMs: 2500 } });
    // Retry-After pins every wait to 1 s: attempts at 0, 1 and 2 s; a fourth at 3 s would be too late.
    const operation = jest.fn(() => Promise.reject(new UpstreamError('llm answered 503', { status: 503, retryAfterMs: 1000 })));
    const settled = jest.fn();
    void resilience.call('llm', operation).catch(settled);
    await jest.advanceTimersByTimeAsync(1999);
    expect(operation).toHaveBeenCalledTimes(2);
    expect(settled).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(operation).toHaveBeenCalledTimes(3);
    expect(settled).toHaveBeenCalledWith(expect.objectContaining({ status: 503 }));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(operation).toHaveBeenCalledTimes(3);
  });

  it('reports an unreachable dependency as an UpstreamError after retrying', async () => {
    const resilience = create({ ...options, retry: { ...options.retry, maxAttempts: 2 } });
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const operation = jest.fn(() => Promise.reject(refused));
    const outcome = resilience.call('llm', operation).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(100);
    const error = await outcome;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'dependency.upstream_failed', status: undefined, dependency: 'llm', cause: refused });
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('does not retry when the call’s own classifier says so', async () => {
    const resilience = create();
    const operation = jest.fn(() => Promise.reject(new UpstreamError('llm answered 503', { status: 503 })));
    await expect(resilience.call('llm', operation, { classify: () => 'permanent' })).rejects.toMatchObject({ status: 503 });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('rejects beyond concurrency plus queue with BulkheadRejectedError and frees slots as calls end', async () => {
    const resilience = create({ ...options, retry: { maxAttempts: 1 }, bulkhead: { maxConcurrent: 1, maxQueued: 1 } });
    let finish: ((value: string) => void) | undefined;
    const first = resilience.call('llm', () => new Promise<string>((resolve) => (finish = resolve)));
    const second = resilience.call('llm', () => Promise.reject(new UpstreamError('llm answered 500', { status: 500 })));
    const extra = jest.fn(async () => 'extra');
    await expect(resilience.call('llm', extra)).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(extra).not.toHaveBeenCalled();
    expect(resilience.snapshot()['llm']?.bulkhead).toEqual({ active: 1, queued: 1 });
    finish?.('first');
    await expect(first).resolves.toBe('first');
    await expect(second).rejects.toMatchObject({ status: 500 });
    expect(resilience.snapshot()['llm']?.bulkhead).toEqual({ active: 0, queued: 0 });
    await expect(resilience.call('llm', extra)).resolves.toBe('extra');
  });

  it('stops at once when the caller cancels, without calling the dependency again', async () => {
    const resilience = create();
    const controller = new AbortController();
    const operation = jest.fn(() => Promise.reject(new UpstreamError('llm answered 503', { status: 503, retryAfterMs: 1000 })));
    const outcome = resilience.call('llm', operation, { signal: controller.signal, fallback: () => 'fallback' }).catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(500); // the first attempt failed; the retry waits for 1 s
    expect(operation).toHaveBeenCalledTimes(1);
    controller.abort(new Error('client went away'));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toEqual(new Error('client went away'));
    expect(operation).toHaveBeenCalledTimes(1);
  });
});
