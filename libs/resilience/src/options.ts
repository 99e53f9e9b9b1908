import type { BulkheadOptions } from './bulkhead.js';
import { classifyFailure, type FailureClassifier } from './classify.js';
import type { RetryOptions } from './retry.js';

/** Circuit breaker settings of one dependency (opossum underneath). */
export interface BreakerOptions {
  /** Budget of one attempt; the attempt's AbortSignal fires when it runs out. */
  timeoutMs: number;
  /** Share of failed attempts in the rolling window, in percent, above which the breaker opens. */
  errorThresholdPercentage: number;
  /** Attempts the rolling window must hold before the breaker may open at all. */
  volumeThreshold: number;
  /** How long the breaker stays open before it lets a single trial call through. */
  resetTimeoutMs: number;
  /** Length of the rolling statistics window (split into 10 buckets). */
  rollingWindowMs: number;
}

/** Everything that can be set per dependency; each part falls back to the defaults below. */
export interface DependencyOptions {
  breaker?: Partial<BreakerOptions>;
  retry?: Partial<RetryOptions>;
  bulkhead?: Partial<BulkheadOptions>;
  /** Which failures are retried and which count against the breaker; default {@link classifyFailure}. */
  classify?: FailureClassifier;
}

/** {@link DependencyOptions} with every default filled in. */
export interface ResolvedDependencyOptions {
  breaker: BreakerOptions;
  retry: RetryOptions;
  bulkhead: BulkheadOptions;
  classify: FailureClassifier;
}

/**
 * Defaults for a remote HTTP dependency: 10 s per attempt, up to 3 attempts within 30 s; the
 * breaker opens above 50 % failures once 10 attempts fell in the 10 s window and tries again
 * after 30 s; 10 calls at once, 10 more waiting.
 */
export const DEFAULT_DEPENDENCY_OPTIONS: ResolvedDependencyOptions = Object.freeze({
  breaker: Object.freeze({
    timeoutMs: 10_000,
    errorThresholdPercentage: 50,
    volumeThreshold: 10,
    resetTimeoutMs: 30_000,
    rollingWindowMs: 10_000,
  }),
  retry: Object.freeze({
    maxAttempts: 3,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    maxTotalMs: 30_000,
    maxRetryAfterMs: 5_000,
  }),
  bulkhead: Object.freeze({ maxConcurrent: 10, maxQueued: 10 }),
  classify: classifyFailure,
});

/** Fills in the defaults and rejects settings that cannot work (callers validate config earlier). */
export function resolveDependencyOptions(name: string, options: DependencyOptions = {}): ResolvedDependencyOptions {
  const defaults = DEFAULT_DEPENDENCY_OPTIONS;
  const resolved: ResolvedDependencyOptions = {
    breaker: { ...defaults.breaker, ...options.breaker },
    retry: { ...defaults.retry, ...options.retry },
    bulkhead: { ...defaults.bulkhead, ...options.bulkhead },
    classify: options.classify ?? defaults.classify,
  };
  const values: Record<string, number> = { ...resolved.breaker, ...resolved.retry, ...resolved.bulkhead };
  // Zero would mean no time or no slot at all; a rolling window under 10 ms would make opossum
  // rotate its 10 buckets every 0 ms.
  const minimum: Record<string, number> = { timeoutMs: 1, rollingWindowMs: 10, maxAttempts: 1, maxTotalMs: 1, maxConcurrent: 1 };
  const bad = Object.keys(values).filter((key) => !Number.isFinite(values[key]) || (values[key] ?? 0) < (minimum[key] ?? 0));
  if (bad.length > 0) throw new RangeError(`Resilience options of ${name} out of range: ${bad.join(', ')}`);
  return resolved;
}
