import CircuitBreaker from 'opossum';
import { runAttempt, type GuardedOperation } from './attempt.js';
import { Bulkhead } from './bulkhead.js';
import { isNetworkError, type FailureClassifier } from './classify.js';
import { BulkheadRejectedError, CircuitOpenError, UpstreamError } from './errors.js';
import type { BreakerState, ResilienceMetrics } from './metrics.js';
import type { ResolvedDependencyOptions } from './options.js';
import { retryWithBackoff } from './retry.js';
import { TimeoutError } from './timeout.js';

/** Per-call settings of a guarded call. */
export interface CallOptions<T> {
  /**
   * Answer to give instead when the dependency fails (open breaker, full bulkhead, timeout,
   * upstream error after retries) — never for the caller's own mistakes or cancellation.
   */
  fallback?: (error: unknown) => T | Promise<T>;
  /** Cancels the call (waits, queueing and the running attempt) with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the dependency's classifier for this call (e.g. to never retry a POST). */
  classify?: FailureClassifier;
}

/** A dependency's health for readiness details. Counts cover the breaker's rolling window. */
export interface DependencySnapshot {
  state: BreakerState;
  /** Attempts fired, succeeded, failed (timeouts included), and rejected by the open breaker. */
  stats: { fires: number; successes: number; failures: number; rejects: number; latencyMeanMs: number };
  bulkhead: { active: number; queued: number };
}

// What the breaker fires: one attempt, plus how to judge its failure (opossum hands the fired
// arguments to errorFilter).
interface Attempt {
  run(): Promise<unknown>;
  isCallerFault(error: unknown): boolean;
  /** The caller cancelled it (not: its time budget ran out). */
  cancelled(): boolean;
}

/** A caller's signal aborted with a TimeoutError: its time budget ran out while it waited. */
const budgetExpired = (signal?: AbortSignal): boolean => signal?.aborted === true && signal.reason instanceof TimeoutError;

/**
 * One dependency's policy: bulkhead → circuit breaker → retry → per-attempt timeout. Every
 * attempt goes through the breaker, so a dead dependency trips it even while calls retry.
 */
export class GuardedDependency {
  private readonly breaker: CircuitBreaker<[Attempt], unknown>;
  private readonly bulkhead: Bulkhead;
  private openedAt = 0;
  // opossum reports a failure its errorFilter ignored as a success; that one is not counted.
  private ignoredFailurePending = false;

  constructor(
    readonly name: string,
    private readonly options: ResolvedDependencyOptions,
    private readonly metrics: ResilienceMetrics,
    private readonly random?: () => number,
  ) {
    const { breaker } = options;
    this.breaker = new CircuitBreaker((attempt: Attempt) => attempt.run(), {
      name,
      // Each attempt carries its own abortable timeout (runAttempt), shortened to the budget left.
      timeout: false,
      errorThresholdPercentage: breaker.errorThresholdPercentage,
      volumeThreshold: breaker.volumeThreshold,
      resetTimeout: breaker.resetTimeoutMs,
      rollingCountTimeout: breaker.rollingWindowMs,
      rollingCountBuckets: 10,
      enableSnapshots: false,
      errorFilter: (error: unknown, attempt?: Attempt) => this.ignoredByBreaker(error, attempt),
    });
    this.bulkhead = new Bulkhead(name, options.bulkhead);
    this.watchBreaker();
  }

  /** Runs `operation` under the policy; see {@link ResilienceRegistry.call}. */
  async call<T>(operation: GuardedOperation<T>, options: CallOptions<T> = {}): Promise<T> {
    const classify = options.classify ?? this.options.classify;
    try {
      return await this.bulkhead.run(() => this.callWithRetries(operation, classify, options.signal), options.signal);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) this.metrics.count(this.name, 'rejected');
      const failure = isNetworkError(error) ? new UpstreamError(`${this.name} could not be reached`, { dependency: this.name, cause: error }) : error;
      if (!options.fallback || !this.mayFallBack(failure, classify, options.signal)) throw failure;
      this.metrics.count(this.name, 'fallback');
      return await options.fallback(failure);
    }
  }

  /** Current breaker state, rolling counts and bulkhead occupancy. */
  snapshot(): DependencySnapshot {
    const stats = this.breaker.stats;
    return {
      state: this.state(),
      stats: { fires: stats.fires, successes: stats.successes, failures: stats.failures, rejects: stats.rejects, latencyMeanMs: stats.latencyMean },
      bulkhead: { active: this.bulkhead.active, queued: this.bulkhead.queued },
    };
  }

  /** Stops the breaker's timers; later calls fail with {@link CircuitOpenError}. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private callWithRetries<T>(operation: GuardedOperation<T>, classify: FailureClassifier, signal?: AbortSignal): Promise<T> {
    const timeoutMs = this.options.breaker.timeoutMs;
    return retryWithBackoff((remainingMs) => this.attempt(operation, Math.min(timeoutMs, remainingMs), classify, signal), this.options.retry, {
      // Once this dependency's breaker has opened, further attempts would only be rejected.
      shouldRetry: (error) => !(error instanceof CircuitOpenError) && !this.breaker.opened && classify(error) === 'transient',
      signal,
      random: this.random,
      onRetry: () => this.metrics.countRetry(this.name),
    });
  }

  private async attempt<T>(operation: GuardedOperation<T>, timeoutMs: number, classify: FailureClassifier, signal?: AbortSignal): Promise<T> {
    const attempt: Attempt = {
      run: () => runAttempt(operation, timeoutMs, this.name, signal),
      // A cancelled attempt says nothing about the dependency, except that a cancelled half-open
      // trial must not close the breaker on no evidence: it counts as failed and re-opens it. A
      // caller whose time budget ran out while waiting, though, saw the dependency time out.
      isCallerFault: (error) => {
        if (signal?.aborted !== true) return classify(error) === 'caller';
        return budgetExpired(signal) ? false : !this.breaker.halfOpen;
      },
      cancelled: () => signal?.aborted === true && !budgetExpired(signal),
    };
    try {
      // The breaker serves calls of every result type; it resolves with what this attempt's run did.
      return (await this.breaker.fire(attempt)) as T;
    } catch (error) {
      // opossum's own rejections: open, half-open trial already running, or shut down.
      if (error instanceof Error && CircuitBreaker.isOurError(error)) throw new CircuitOpenError(this.name, this.msUntilTrial());
      throw error;
    }
  }

  private ignoredByBreaker(error: unknown, attempt?: Attempt): boolean {
    const ignored = attempt?.isCallerFault(error) ?? false;
    if (ignored) {
      this.ignoredFailurePending = true;
      this.metrics.count(this.name, attempt?.cancelled() ? 'cancelled' : 'failure');
    }
    return ignored;
  }

  /** Counts a call that a fallback outside this policy answered (see ResilienceRegistry.countFallback). */
  countFallback(): void {
    this.metrics.count(this.name, 'fallback');
  }

  private mayFallBack(error: unknown, classify: FailureClassifier, signal?: AbortSignal): boolean {
    if (signal?.aborted) return false;
    if (error instanceof CircuitOpenError || error instanceof BulkheadRejectedError) return true;
    return classify(error) !== 'caller';
  }

  private watchBreaker(): void {
    const { breaker, metrics, name } = this;
    metrics.setState(name, 'closed');
    breaker.on('open', () => {
      this.openedAt = Date.now();
      metrics.setState(name, 'open');
    });
    breaker.on('halfOpen', () => metrics.setState(name, 'half-open'));
    breaker.on('close', () => metrics.setState(name, 'closed'));
    breaker.on('success', () => {
      if (this.ignoredFailurePending) this.ignoredFailurePending = false;
      else metrics.count(name, 'success');
    });
    breaker.on('failure', (error) => metrics.count(name, error instanceof TimeoutError ? 'timeout' : 'failure'));
    breaker.on('reject', () => metrics.count(name, 'rejected'));
  }

  private state(): BreakerState {
    if (this.breaker.opened || this.breaker.isShutdown) return 'open';
    return this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  private msUntilTrial(): number {
    if (!this.breaker.opened) return 0;
    return Math.max(0, this.openedAt + this.options.breaker.resetTimeoutMs - Date.now());
  }
}
