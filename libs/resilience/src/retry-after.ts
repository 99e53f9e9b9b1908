import { UpstreamError } from './errors.js';

/**
 * Milliseconds a `Retry-After` header value asks to wait: delta-seconds (`"120"`) or an
 * HTTP-date, relative to `now`. `undefined` for a missing or malformed value; a date in the
 * past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with the day name; Date.parse alone would accept "-1".
  if (!/^[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The parts of a fetch `Response` that {@link upstreamErrorFromResponse} reads. */
export interface ResponseLike {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: { get(name: string): string | null };
}

/**
 * An {@link UpstreamError} for a non-2xx answer, carrying its status and `Retry-After`.
 * Operations throw it so that the policy can tell retryable answers (5xx, 429) from the
 * caller's mistakes (other 4xx).
 */
export function upstreamErrorFromResponse(response: ResponseLike, dependency?: string): UpstreamError {
  const who = dependency ?? 'upstream';
  const reason = response.statusText ? ` ${response.statusText}` : '';
  return new UpstreamError(`${who} answered ${response.status}${reason}`, {
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    dependency,
  });
}
