import type { Registry } from 'prom-client';
import type { GuardedOperation } from './attempt.js';
import { GuardedDependency, type CallOptions, type DependencySnapshot } from './dependency.js';
import { ResilienceMetrics } from './metrics.js';
import { resolveDependencyOptions, type DependencyOptions } from './options.js';

/** How to build a {@link ResilienceRegistry}. */
export interface ResilienceRegistryOptions {
  /**
   * Where the breaker and retry metrics go (see {@link RESILIENCE_METRICS}); apps pass
   * prom-client's default `register`, whose default labels name the app.
   */
  registry: Registry;
  /** Dependencies to register at once, by name; more can follow with {@link ResilienceRegistry.register}. */
  dependencies?: Record<string, DependencyOptions>;
  /** Source of backoff jitter in [0, 1); tests pin it. Default `Math.random`. */
  random?: () => number;
}

/**
 * The resilience policies of a process, one per outbound dependency, each with its own circuit
 * breaker, bulkhead, retry and timeout settings.
 *
 * @example
 * const resilience = new ResilienceRegistry({ registry: register, dependencies: { llm: {} } });
 * const answer = await resilience.call('llm', async (signal) => {
 *   const response = await fetch(url, { signal });
 *   if (!response.ok) throw upstreamErrorFromResponse(response, 'llm');
 *   return response.json();
 * });
 */
export class ResilienceRegistry {
  private readonly guards = new Map<string, GuardedDependency>();
  private readonly metrics: ResilienceMetrics;

  constructor(private readonly options: ResilienceRegistryOptions) {
    this.metrics = new ResilienceMetrics(options.registry);
    for (const [name, dependency] of Object.entries(options.dependencies ?? {})) this.register(name, dependency);
  }

  /** Adds a dependency; unset options take {@link DEFAULT_DEPENDENCY_OPTIONS}. Names are unique. */
  register(name: string, options: DependencyOptions = {}): void {
    if (this.guards.has(name)) throw new Error(`Resilience policy ${name} is already registered`);
    this.guards.set(name, new GuardedDependency(name, resolveDependencyOptions(name, options), this.metrics, this.options.random));
  }

  /** Names of the registered dependencies. */
  names(): string[] {
    return [...this.guards.keys()];
  }

  /**
   * Calls dependency `name` through bulkhead → circuit breaker → retry → per-attempt timeout.
   * `operation` gets an AbortSignal that fires when its attempt times out or the call is
   * cancelled; it should throw {@link UpstreamError} for non-2xx answers.
   *
   * @returns the operation's result, or the fallback's answer when the dependency failed
   * @throws {@link CircuitOpenError} or {@link BulkheadRejectedError} without calling it;
   *   {@link TimeoutError} when the last attempt ran out of time; {@link UpstreamError} for an
   *   error answer or an unreachable dependency; the caller's abort reason when cancelled; any
   *   other error of the operation as it was thrown
   */
  call<T>(name: string, operation: GuardedOperation<T>, options?: CallOptions<T>): Promise<T> {
    const guard = this.guards.get(name);
    if (!guard) return Promise.reject(new Error(`No resilience policy registered for ${name}`));
    return guard.call(operation, options);
  }

  /**
   * Counts a call to `name` that a fallback answered when the caller serves it itself rather
   * than through `call`'s `fallback` option, so the calls counter shows it either way.
   */
  countFallback(name: string): void {
    this.guards.get(name)?.countFallback();
  }

  /** State, rolling counts and bulkhead occupancy of every dependency, for `/ready` details. */
  snapshot(): Record<string, DependencySnapshot> {
    return Object.fromEntries([...this.guards].map(([name, guard]) => [name, guard.snapshot()]));
  }

  /** Stops every breaker's timers (on application shutdown). */
  shutdown(): void {
    for (const guard of this.guards.values()) guard.shutdown();
  }
}
