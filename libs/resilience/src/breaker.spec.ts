import { Registry } from 'prom-client';
import { CircuitOpenError, UpstreamError } from './errors.js';
import type { DependencyOptions } from './options.js';
import { ResilienceRegistry } from './registry.js';
import { TimeoutError } from './timeout.js';

const down = (): Promise<never> => Promise.reject(new UpstreamError('llm answered 503', { status: 503 }));
const notFound = (): Promise<never> => Promise.reject(new UpstreamError('llm answered 404', { status: 404 }));

// Opens above 50 % failures once 4 attempts are in the window; tries again after 1 s.
const options: DependencyOptions = {
  breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 1000, rollingWindowMs: 60_000, timeoutMs: 500 },
  retry: { maxAttempts: 1 },
};

describe('ResilienceRegistry circuit breaker', () => {
  let resilience: ResilienceRegistry;
  const created: ResilienceRegistry[] = [];

  function create(dependency: DependencyOptions = options): ResilienceRegistry {
    resilience = new ResilienceRegistry({ registry: new Registry(), dependencies: { llm: dependency }, random: () => 0.5 });
    created.push(resilience);
    return resilience;
  }

  const state = (): string | undefined => resilience.snapshot()['llm']?.state;

  async function open(): Promise<void> {
    for (let i = 0; i < 4; i += 1) await expect(resilience.call('llm', down)).rejects.toBeInstanceOf(UpstreamError);
    expect(state()).toBe('open');
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    for (const registry of created.splice(0)) registry.shutdown();
    jest.useRealTimers();
  });

  it('opens only once the failure share exceeds the threshold within the volume', async () => {
    create();
    await expect(resilience.call('llm', async () => 'ok')).resolves.toBe('ok');
    await expect(resilience.call('llm', async () => 'ok')).resolves.toBe('ok');
    await expect(resilience.call('llm', down)).rejects.toBeInstanceOf(UpstreamError);
    await expect(resilience.call('llm', down)).rejects.toBeInstanceOf(UpstreamError);
    expect(state()).toBe('closed'); // 2 of 4 = 50 %, not above it
    await expect(resilience.call('llm', down)).rejects.toBeInstanceOf(UpstreamError);
    expect(state()).toBe('open'); // 3 of 5
    expect(resilience.snapshot()['llm']?.stats).toMatchObject({ fires: 5, successes: 2, failures: 3, rejects: 0 });
  });

  it('fails fast while open: the operation is not invoked and no time passes', async () => {
    create();
    await open();
    const operation = jest.fn(async () => 'ok');
    const startedAt = Date.now();
    const error = await resilience.call('llm', operation).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ code: 'dependency.circuit_open', dependency: 'llm', retryAfterMs: 1000 });
    expect(operation).not.toHaveBeenCalled();
    expect(Date.now()).toBe(startedAt);
  });

  it('lets exactly one trial through after the reset timeout; its success closes the breaker', async () => {
    create();
    await open();
    await jest.advanceTimersByTimeAsync(999);
    await expect(resilience.call('llm', async () => 'early')).rejects.toBeInstanceOf(CircuitOpenError);
    await jest.advanceTimersByTimeAsync(1);
    expect(state()).toBe('half-open');

    let answer: ((value: string) => void) | undefined;
    const trial = resilience.call('llm', () => new Promise<string>((resolve) => (answer = resolve)));
    const concurrent = jest.fn(async () => 'concurrent');
    await expect(resilience.call('llm', concurrent)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(concurrent).not.toHaveBeenCalled();

    answer?.('recovered');
    await expect(trial).resolves.toBe('recovered');
    expect(state()).toBe('closed');
    await expect(resilience.call('llm', async () => 'ok')).resolves.toBe('ok');
  });

  it('re-opens when the trial fails', async () => {
    create();
    await open();
    await jest.advanceTimersByTimeAsync(1000);
    await expect(resilience.call('llm', down)).rejects.toBeInstanceOf(UpstreamError);
    expect(state()).toBe('open');
    const operation = jest.fn(async () => 'ok');
    await expect(resilience.call('llm', operation)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(operation).not.toHaveBeenCalled();
  });

  it('re-opens, rather than closes, when the trial’s caller cancels it', async () => {
    create();
    await open();
    await jest.advanceTimersByTimeAsync(1000);
    const controller = new AbortController();
    const trial = resilience.call('llm', () => new Promise<never>(() => undefined), { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(trial).rejects.toThrow('client went away');
    expect(state()).toBe('open');
  });

  it('does not count a cancelled call against a closed breaker', async () => {
    create();
    for (let i = 0; i < 5; i += 1) {
      const controller = new AbortController();
      const call = resilience.call('llm', () => new Promise<never>(() => undefined), { signal: controller.signal });
      await jest.advanceTimersByTimeAsync(0);
      controller.abort(new Error('client went away'));
      await expect(call).rejects.toThrow('client went away');
    }
    expect(state()).toBe('closed');
    expect(resilience.snapshot()['llm']?.stats.failures).toBe(0);
  });

  it('counts a caller whose time budget ran out while waiting as a timeout: a hung dependency opens the breaker', async () => {
    create();
    for (let i = 0; i < 4; i += 1) {
      const controller = new AbortController();
      // Each caller's budget (100 ms) is shorter than the attempt timeout (500 ms).
      setTimeout(() => controller.abort(new TimeoutError(100, 'the request')), 100);
      const call = resilience.call('llm', () => new Promise<never>(() => undefined), { signal: controller.signal });
      const outcome = call.then(() => undefined, (error: unknown) => error);
      await jest.advanceTimersByTimeAsync(100);
      expect(await outcome).toBeInstanceOf(TimeoutError);
    }
    expect(state()).toBe('open');
  });

  it('neither retries a 4xx nor counts it against the breaker', async () => {
    create({ ...options, retry: { maxAttempts: 3 } });
    const operation = jest.fn(notFound);
    for (let i = 0; i < 10; i += 1) await expect(resilience.call('llm', operation)).rejects.toMatchObject({ status: 404 });
    expect(operation).toHaveBeenCalledTimes(10);
    expect(state()).toBe('closed');
    expect(resilience.snapshot()['llm']?.stats.failures).toBe(0);
  });

  it('counts every retried attempt, so a dead dependency trips the breaker within one call', async () => {
    create({ ...options, retry: { maxAttempts: 10, baseDelayMs: 100 } });
    const operation = jest.fn(down);
    const outcome = resilience.call('llm', operation).catch((caught: unknown) => caught);
    await jest.advanceTimersByTimeAsync(500); // backoffs of 50, 100, 200 ms; reset timeout 1 s
    // The fourth failed attempt opened the breaker; the loop stopped instead of retrying into it.
    expect(await outcome).toMatchObject({ status: 503 });
    expect(operation).toHaveBeenCalledTimes(4);
    expect(state()).toBe('open');
  });

  it('answers with the fallback when the dependency fails, never for the caller’s mistakes', async () => {
    create();
    await open();
    const operation = jest.fn(async () => 'live');
    const fallback = jest.fn(() => 'cached');
    await expect(resilience.call('llm', operation, { fallback })).resolves.toBe('cached');
    expect(fallback).toHaveBeenCalledWith(expect.any(CircuitOpenError));
    expect(operation).not.toHaveBeenCalled();

    create();
    await expect(resilience.call('llm', notFound, { fallback })).rejects.toMatchObject({ status: 404 });
    expect(fallback).toHaveBeenCalledTimes(1);
  });

  it('rejects calls to an unknown dependency and duplicate registrations', async () => {
    create();
    await expect(resilience.call('nope', async () => 'ok')).rejects.toThrow('No resilience policy registered for nope');
    expect(() => resilience.register('llm')).toThrow('already registered');
    expect(() => resilience.register('bad', { retry: { maxAttempts: 0 } })).toThrow(RangeError);
  });
});
