import { Registry } from 'prom-client';
import { UpstreamError } from './errors.js';
import type { CallOutcome } from './metrics.js';
import { ResilienceRegistry } from './registry.js';
import { TimeoutError } from './timeout.js';

const OUTCOMES: CallOutcome[] = ['success', 'failure', 'timeout', 'rejected', 'fallback', 'cancelled'];

async function valueOf(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  const data = await metric?.get();
  return data?.values.find((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;
}

describe('ResilienceRegistry metrics', () => {
  let registry: Registry;
  let resilience: ResilienceRegistry;

  const state = (): Promise<number | undefined> => valueOf(registry, 'ficus_circuit_breaker_state', { breaker: 'llm' });
  const counts = async (): Promise<Record<string, number | undefined>> => {
    const entries = await Promise.all(OUTCOMES.map(async (outcome) => [outcome, await valueOf(registry, 'ficus_circuit_breaker_calls_total', { breaker: 'llm', outcome })] as const));
    return Object.fromEntries(entries);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    registry = new Registry();
    resilience = new ResilienceRegistry({
      registry,
      random: () => 0,
      dependencies: {
        llm: { breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1000, timeoutMs: 100 }, retry: { maxAttempts: 1 }, bulkhead: { maxConcurrent: 1, maxQueued: 0 } },
      },
    });
  });
  afterEach(() => {
    resilience.shutdown();
    jest.useRealTimers();
  });

  it('reports the breaker state: 0 closed, 2 open, 1 half-open, 0 closed again', async () => {
    expect(await state()).toBe(0);
    for (let i = 0; i < 3; i += 1) await resilience.call('llm', () => Promise.reject(new UpstreamError('503', { status: 503 }))).catch(() => undefined);
    expect(await state()).toBe(2);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await state()).toBe(1);
    await resilience.call('llm', async () => 'ok');
    expect(await state()).toBe(0);
  });

  it('counts attempts by outcome', async () => {
    await resilience.call('llm', async () => 'ok');
    await resilience.call('llm', () => Promise.reject(new UpstreamError('404', { status: 404 }))).catch(() => undefined);
    const slow = resilience.call('llm', () => new Promise<never>(() => undefined)).catch(() => undefined);
    await resilience.call('llm', async () => 'busy').catch(() => undefined); // bulkhead full
    await jest.advanceTimersByTimeAsync(100);
    await slow;
    expect(await counts()).toEqual({ success: 1, failure: 1, timeout: 1, rejected: 1, fallback: undefined, cancelled: undefined });

    // The 404 did not count against the breaker: 3 failed attempts of 5 open it, not 2 of 4.
    for (let i = 0; i < 2; i += 1) await resilience.call('llm', () => Promise.reject(new UpstreamError('503', { status: 503 }))).catch(() => undefined);
    expect(await state()).toBe(2);
    await expect(resilience.call('llm', async () => 'live', { fallback: () => 'cached' })).resolves.toBe('cached');
    expect(await counts()).toEqual({ success: 1, failure: 3, timeout: 1, rejected: 2, fallback: 1, cancelled: undefined });
    // A fallback the caller serves itself, outside `call`, is counted when it says so.
    resilience.countFallback('llm');
    expect((await counts()).fallback).toBe(2);
  });

  it('counts a cancelled attempt as cancelled, and one whose caller ran out of time as a timeout', async () => {
    const cancelled = new AbortController();
    const leaving = resilience.call('llm', () => new Promise<never>(() => undefined), { signal: cancelled.signal }).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(10);
    cancelled.abort(new Error('client went away'));
    await leaving;
    const expired = new AbortController();
    const waiting = resilience.call('llm', () => new Promise<never>(() => undefined), { signal: expired.signal }).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(10);
    expired.abort(new TimeoutError(10, 'the request'));
    await waiting;
    expect(await counts()).toEqual({ success: undefined, failure: undefined, timeout: 1, rejected: undefined, fallback: undefined, cancelled: 1 });
  });

  it('counts retries: each attempt after the first, none for a call that was not retried', async () => {
    const flaky = new ResilienceRegistry({ registry, random: () => 0, dependencies: { search: { retry: { maxAttempts: 3 } } } });
    let attempts = 0;
    const retried = flaky.call('search', async () => {
      attempts += 1;
      if (attempts < 3) throw new UpstreamError('503', { status: 503 });
      return 'ok';
    });
    await jest.advanceTimersByTimeAsync(10); // the backoffs (0 ms with this jitter)
    await expect(retried).resolves.toBe('ok');
    await flaky.call('search', async () => 'ok');
    await flaky.call('search', () => Promise.reject(new UpstreamError('404', { status: 404 }))).catch(() => undefined);
    expect(await valueOf(registry, 'ficus_retries_total', { breaker: 'search' })).toBe(2);
    flaky.shutdown();
  });

  it('shares the metrics of a second registry on the same Prometheus registry', async () => {
    const second = new ResilienceRegistry({ registry, dependencies: { search: {} } });
    await second.call('search', async () => 'ok');
    expect(await valueOf(registry, 'ficus_circuit_breaker_calls_total', { breaker: 'search', outcome: 'success' })).toBe(1);
    expect(await valueOf(registry, 'ficus_circuit_breaker_state', { breaker: 'llm' })).toBe(0);
    second.shutdown();
  });
});
