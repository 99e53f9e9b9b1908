import { UpstreamError } from './errors.js';
import { TimeoutError } from './timeout.js';

/**
 * How the policy treats a failed attempt:
 * - `transient`: the dependency's fault and worth another attempt (network error, 5xx, 429, timeout);
 * - `permanent`: the dependency's fault but not worth retrying; counts against the breaker;
 * - `caller`: the caller's own mistake (4xx): neither retried nor counted against the breaker.
 */
export type FailureKind = 'transient' | 'permanent' | 'caller';

/** Decides the {@link FailureKind} of an error thrown by an operation. */
export type FailureClassifier = (error: unknown) => FailureKind;

// Socket and DNS failures of node:net/node:dns and undici (fetch): the request may never have
// reached the dependency, or the connection broke; another attempt can succeed.
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * `true` for connection-level failures: a known socket/DNS error code anywhere in the `cause`
 * chain (fetch wraps them as `TypeError: fetch failed` with the socket error as cause).
 */
export function isNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = errorCode(current);
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * The default {@link FailureClassifier} for fetch-style calls: {@link UpstreamError} with 429 or
 * 5xx, network errors and timeouts are transient; any other 4xx is the caller's; everything else
 * (a malformed body, a bug) is permanent.
 */
export const classifyFailure: FailureClassifier = (error) => {
  if (error instanceof UpstreamError && error.status !== undefined) {
    if (error.status === 429 || error.status >= 500) return 'transient';
    if (error.status >= 400) return 'caller';
    return 'permanent';
  }
  if (error instanceof UpstreamError || error instanceof TimeoutError || isNetworkError(error)) return 'transient';
  return 'permanent';
};
