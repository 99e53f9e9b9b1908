import { CALLER_UNAUTHENTICATED, type CallContext, type CallerIdentity } from '../contracts/call-context.js';
import { ProblemException } from '../errors/problem.exception.js';

/** What a context tells an anonymous caller of a method that acts for someone. */
export interface AnonymousCallProblem {
  /** Says what signing in is for, e.g. "Sign in to use todos.". */
  detail: string;
  /**
   * The problem type's slug; `unauthenticated` (the edge's own 401s) unless given. The auth
   * context passes `unauthorized` (the generic slug of a 401) because its answer always had
   * that type, and clients may switch on it.
   */
  type?: string;
}

/**
 * The authenticated caller of a facade method, or 401 `auth.unauthenticated` for an anonymous
 * call. The edge already refuses anonymous requests to routes that need a user; this is the
 * context's own check, so that no adapter (in-process or remote) can reach a method that acts
 * for someone without that someone.
 */
export function requireCaller(call: CallContext, problem: AnonymousCallProblem): CallerIdentity {
  if (!call.caller) {
    throw new ProblemException({ status: 401, type: problem.type ?? 'unauthenticated', code: CALLER_UNAUTHENTICATED, detail: problem.detail });
  }
  return call.caller;
}
