import type { AiSettings } from '@ficus/common';
import type { DependencyOptions } from '@ficus/resilience';

/** The model's resilience policy name, as `/ready` details and the breaker metrics show it. */
export const LLM_DEPENDENCY = 'llm';

/**
 * The model's policy from config: each attempt bounded by `AI_UPSTREAM_TIMEOUT_MS`, network
 * errors, timeouts, 5xx and 429 retried (honouring Retry-After) within the request budget,
 * a breaker tuned for low traffic (a long window, a small volume) and a bulkhead.
 */
export function llmDependencyOptions(config: AiSettings): DependencyOptions {
  return {
    breaker: {
      timeoutMs: config.AI_UPSTREAM_TIMEOUT_MS,
      volumeThreshold: config.AI_BREAKER_VOLUME_THRESHOLD,
      rollingWindowMs: config.AI_BREAKER_ROLLING_WINDOW_MS,
      resetTimeoutMs: config.AI_BREAKER_RESET_TIMEOUT_MS,
    },
    retry: { maxAttempts: config.AI_MAX_ATTEMPTS, maxTotalMs: config.AI_REQUEST_TIMEOUT_MS },
    bulkhead: { maxConcurrent: config.AI_MAX_CONCURRENT, maxQueued: config.AI_MAX_QUEUED },
  };
}
