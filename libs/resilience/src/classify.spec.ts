import { classifyFailure, isNetworkError } from './classify.js';
import { CircuitOpenError, UpstreamError } from './errors.js';
import { parseRetryAfter, upstreamErrorFromResponse } from './retry-after.js';
import { TimeoutError } from './timeout.js';

const refused = (): TypeError => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP-dates relative to now', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a past date as now and ignores missing or malformed values', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('upstreamErrorFromResponse', () => {
  it('carries the status, Retry-After and dependency of a fetch Response', () => {
    const error = upstreamErrorFromResponse(new Response(null, { status: 429, statusText: 'Too Many Requests', headers: { 'retry-after': '3' } }), 'llm');
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3000, dependency: 'llm', code: 'dependency.upstream_failed' });
    expect(error.message).toBe('llm answered 429 Too Many Requests');
  });
});

describe('classifyFailure', () => {
  it.each([429, 500, 502, 503, 504])('retries %i answers', (status) => {
    expect(classifyFailure(new UpstreamError('x', { status }))).toBe('transient');
  });

  it.each([400, 401, 403, 404, 408, 409, 422])('treats %i as the caller’s mistake', (status) => {
    expect(classifyFailure(new UpstreamError('x', { status }))).toBe('caller');
  });

  it('retries network errors and timeouts, but not unknown errors', () => {
    expect(classifyFailure(refused())).toBe('transient');
    expect(classifyFailure(new UpstreamError('unreachable'))).toBe('transient');
    expect(classifyFailure(new TimeoutError(10, 'llm'))).toBe('transient');
    expect(classifyFailure(new SyntaxError('Unexpected token < in JSON'))).toBe('permanent');
    expect(classifyFailure(new CircuitOpenError('llm', 0))).toBe('permanent');
    expect(classifyFailure('a string')).toBe('permanent');
  });
});

describe('isNetworkError', () => {
  it('finds a socket error code along the cause chain', () => {
    expect(isNetworkError(refused())).toBe(true);
    expect(isNetworkError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isNetworkError(new TypeError('fetch failed'))).toBe(false);
    expect(isNetworkError(Object.assign(new Error('nope'), { code: 'ENOENT' }))).toBe(false);
  });
});
