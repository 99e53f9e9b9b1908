import type { DependencyOptions, FailureClassifier } from '@ficus/resilience';
import type { ResilienceSettings } from '../config/resilience.settings.js';
import { isWireProblem } from '../transport/message-envelope.js';
import { NatsDisconnectedError } from '../transport/nats-link.js';

/** The resilience policy name of a remote context, as `/ready` and the metrics show it. */
export function contextDependencyName(context: string): string {
  return `context:${context}`;
}

/**
 * Only transport failures count against a context's breaker: no answer in time, no responder,
 * a refused connection. An answer — a problem raised by the context's handler, whatever its
 * status — proves the context is up, so business errors (4xx) never trip it, and neither does
 * a 503 the context relays from a context of its own. Nor does a call refused because this app's
 * own NATS connection is down: it fails at once anyway and says nothing about the context, and
 * a breaker opened by it would keep calls failing for its reset time after the connection is back.
 */
export const classifyRemoteFailure: FailureClassifier = (error) => (isWireProblem(error) || error instanceof NatsDisconnectedError ? 'caller' : 'permanent');

/**
 * Breaker settings of a remote context from config. No retries (facade calls are not
 * idempotent); the client's own timeout decides each call, so the attempt timeout sits above
 * it; the bulkhead is effectively off (the transport has its own flow control).
 */
export function contextDependencyOptions(config: ResilienceSettings, callTimeoutMs: number): DependencyOptions {
  return {
    breaker: {
      timeoutMs: callTimeoutMs + 1000,
      errorThresholdPercentage: config.CONTEXT_BREAKER_ERROR_THRESHOLD_PERCENT,
      volumeThreshold: config.CONTEXT_BREAKER_VOLUME_THRESHOLD,
      resetTimeoutMs: config.CONTEXT_BREAKER_RESET_TIMEOUT_MS,
    },
    retry: { maxAttempts: 1, maxTotalMs: callTimeoutMs + 1000 },
    bulkhead: { maxConcurrent: 1_000_000, maxQueued: 0 },
    classify: classifyRemoteFailure,
  };
}
