import type { CallContext } from '../contracts/call-context.js';
import { ProblemException } from '../errors/problem.exception.js';
import { requireCaller } from './require-caller.js';

const caller = { userId: '7b4c3a3e-7a0f-4f7e-9a51-2f4f3f0f8c11', roles: ['user'], sessionId: 's1' };
const call = (withCaller: boolean): CallContext => ({ requestId: 'r', callId: 'c', deadline: Date.now() + 1000, ...(withCaller ? { caller } : {}) });

function thrown(run: () => unknown): ProblemException {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('requireCaller', () => {
  it('returns the caller the edge verified', () => {
    expect(requireCaller(call(true), { detail: 'Sign in.' })).toBe(caller);
  });

  it('refuses an anonymous call with 401 auth.unauthenticated, typed as the edge types it', () => {
    const problem = thrown(() => requireCaller(call(false), { detail: 'Sign in to use todos.' }));
    expect(problem.getStatus()).toBe(401);
    expect(problem.toInit()).toMatchObject({
      code: 'auth.unauthenticated',
      type: 'https://ficus.dev/problems/unauthenticated',
      detail: 'Sign in to use todos.',
    });
  });

  it("keeps a context's own problem type when it names one", () => {
    const problem = thrown(() => requireCaller(call(false), { detail: 'Sign in to do this.', type: 'unauthorized' }));
    expect(problem.toInit().type).toBe('https://ficus.dev/problems/unauthorized');
  });
});
