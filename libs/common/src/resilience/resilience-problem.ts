import { BulkheadRejectedError, CircuitOpenError, TimeoutError, UpstreamError } from '@ficus/resilience';
import { problemType, statusTitle, type ProblemDetails } from '../errors/problem-details.js';

/** A resilience failure as the client sees it, with when to retry where that is known. */
export interface ResilienceProblem {
  problem: ProblemDetails;
  retryAfterSeconds?: number;
}

function problem(status: number, slug: string, code: string, detail: string): ProblemDetails {
  return { type: problemType(slug), title: statusTitle(status), status, detail, code };
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * The problem a failed guarded call becomes: an open breaker or a full bulkhead → 503 with
 * `Retry-After`, a timeout → 504, an upstream error (or unreachable upstream) → 502. The
 * details name no host and echo nothing from the upstream. `undefined` for anything else.
 */
export function resilienceProblem(error: unknown): ResilienceProblem | undefined {
  if (error instanceof CircuitOpenError) {
    const detail = 'A service this request needs is unavailable; retry after the time in the Retry-After header.';
    return { problem: problem(503, 'dependency-unavailable', error.code, detail), retryAfterSeconds: seconds(error.retryAfterMs) };
  }
  if (error instanceof BulkheadRejectedError) {
    const detail = 'A service this request needs is busy; retry shortly.';
    return { problem: problem(503, 'dependency-busy', error.code, detail), retryAfterSeconds: 1 };
  }
  if (error instanceof TimeoutError) {
    return { problem: problem(504, 'dependency-timeout', error.code, 'A service this request needs did not answer in time.') };
  }
  if (error instanceof UpstreamError) {
    return { problem: problem(502, 'upstream-failed', error.code, 'A service this request needs failed to answer.') };
  }
  return undefined;
}
