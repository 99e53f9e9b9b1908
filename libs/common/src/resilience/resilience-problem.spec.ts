import { BulkheadRejectedError, CircuitOpenError, TimeoutError, UpstreamError } from '@ficus/resilience';
import { mapToProblem } from '../errors/problem.mapper.js';

describe('resilience failures as problems', () => {
  it('maps an open breaker to 503 with Retry-After (whole seconds, at least 1)', () => {
    expect(mapToProblem(new CircuitOpenError('llm', 4200))).toEqual({
      problem: expect.objectContaining({ status: 503, code: 'dependency.circuit_open', type: 'https://ficus.dev/problems/dependency-unavailable' }),
      unexpected: false,
      retryAfterSeconds: 5,
    });
    expect(mapToProblem(new CircuitOpenError('llm', 0)).retryAfterSeconds).toBe(1);
  });

  it('maps a full bulkhead to 503, a timeout to 504 and an upstream error to 502, naming no upstream detail', () => {
    expect(mapToProblem(new BulkheadRejectedError('llm', 1, 0))).toMatchObject({ problem: { status: 503, code: 'dependency.busy' }, retryAfterSeconds: 1 });
    expect(mapToProblem(new TimeoutError(300, 'llm'))).toMatchObject({ problem: { status: 504, code: 'dependency.timeout' }, unexpected: false });
    const upstream = mapToProblem(new UpstreamError('llm answered 500 at http://10.0.0.7', { status: 500 }));
    expect(upstream).toMatchObject({ problem: { status: 502, code: 'dependency.upstream_failed' }, unexpected: false });
    expect(JSON.stringify(upstream)).not.toContain('10.0.0.7');
  });
});
