import { randomBytes, randomUUID } from 'node:crypto';
import { mapToProblem, type CallContext } from '@ficus/common';

/** A call without a signed-in user, as the edge makes it, with a generous deadline. */
export function anonymousCall(overrides: Partial<CallContext> = {}): CallContext {
  return { requestId: `test-${randomBytes(6).toString('hex')}`, callId: randomUUID(), deadline: Date.now() + 30_000, ...overrides };
}

/** A call for a signed-in user (a fresh one unless `userId` is given). */
export function userCall(userId: string = randomUUID(), overrides: Partial<CallContext> = {}): CallContext {
  return anonymousCall({ caller: { userId, roles: ['user'], sessionId: randomUUID() }, ...overrides });
}

/** What a rejected facade call shows the client: status, code, field errors, detail, Retry-After. */
export interface CallProblem {
  status: number;
  code?: string;
  errors?: { field: string; messages: string[] }[];
  detail?: string;
  retryAfterSeconds?: number;
}

/**
 * The problem a facade call was rejected with, as the edge would render it; fails the test
 * when the call succeeded or failed unexpectedly (a generic 500).
 */
export async function problemOf(promise: Promise<unknown>): Promise<CallProblem> {
  try {
    await promise;
  } catch (error) {
    const { problem, unexpected, retryAfterSeconds } = mapToProblem(error);
    if (unexpected) throw error;
    return { status: problem.status, code: problem.code, errors: problem.errors, detail: problem.detail, retryAfterSeconds };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
