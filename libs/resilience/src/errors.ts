/**
 * Stable codes of the failures a guarded call can end in. libs/common maps them to problem+json:
 * 503 for `circuitOpen` and `bulkheadRejected`, 504 for `timeout`, 502 for `upstream`.
 */
export const RESILIENCE_ERRORS = {
  /** 503 — the dependency's circuit breaker is open (or its single half-open trial is busy). */
  circuitOpen: 'dependency.circuit_open',
  /** 503 — the dependency already has as many calls running and queued as it may. */
  bulkheadRejected: 'dependency.busy',
  /** 504 — the dependency did not answer within the time budget. */
  timeout: 'dependency.timeout',
  /** 502 — the dependency answered with an error, or could not be reached. */
  upstream: 'dependency.upstream_failed',
} as const;

/** One of the {@link RESILIENCE_ERRORS} codes. */
export type ResilienceErrorCode = (typeof RESILIENCE_ERRORS)[keyof typeof RESILIENCE_ERRORS];

/** Raised without calling the dependency because its circuit breaker is open. */
export class CircuitOpenError extends Error {
  readonly code = RESILIENCE_ERRORS.circuitOpen;

  /**
   * @param dependency - the breaker's name
   * @param retryAfterMs - how long until the breaker lets a trial call through (0: it already does)
   */
  constructor(
    readonly dependency: string,
    readonly retryAfterMs: number,
  ) {
    super(`${dependency} is unavailable: its circuit breaker is open`);
    this.name = 'CircuitOpenError';
  }
}

/** Raised without calling the dependency because its concurrency limit and queue are full. */
export class BulkheadRejectedError extends Error {
  readonly code = RESILIENCE_ERRORS.bulkheadRejected;

  constructor(
    readonly dependency: string,
    readonly maxConcurrent: number,
    readonly maxQueued: number,
  ) {
    super(`${dependency} is busy: ${maxConcurrent} calls running and ${maxQueued} queued`);
    this.name = 'BulkheadRejectedError';
  }
}

/** What an {@link UpstreamError} knows besides its message. */
export interface UpstreamErrorDetails {
  /** The dependency's HTTP status; absent when it could not be reached at all. */
  status?: number;
  /** How long the dependency asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** The dependency's name. */
  dependency?: string;
  cause?: unknown;
}

/**
 * A dependency answered with an error status or could not be reached. Operations throw it for
 * non-2xx answers (see {@link upstreamErrorFromResponse}); the default classifier reads `status`.
 */
export class UpstreamError extends Error {
  readonly code = RESILIENCE_ERRORS.upstream;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly dependency: string | undefined;

  constructor(message: string, details: UpstreamErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'UpstreamError';
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.dependency = details.dependency;
  }
}
