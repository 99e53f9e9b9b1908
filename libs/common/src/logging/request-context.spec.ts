import { currentRequestId, runInRequest, withRequestId } from './request-context.js';

describe('request context', () => {
  it('carries the request id through everything the request starts', async () => {
    const seen = await new Promise<string | undefined>((done) => runInRequest('req-1', () => void setTimeout(() => done(currentRequestId()), 1)));
    expect(seen).toBe('req-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('lets work for another request, or for none, replace the current one', () => {
    runInRequest('http-request', () => {
      expect(withRequestId('event-cause', () => currentRequestId())).toBe('event-cause');
      expect(withRequestId(undefined, () => currentRequestId())).toBeUndefined();
      expect(currentRequestId()).toBe('http-request');
    });
  });
});
