import { AUTH_ERRORS, ProblemException, type CallContext, type CallerIdentity } from '@ficus/common';

/** The authenticated caller, or 401 `auth.unauthenticated`: every todo belongs to someone. */
export function requireCaller(call: CallContext): CallerIdentity {
  if (!call.caller) {
    throw new ProblemException({ status: 401, type: 'unauthenticated', code: AUTH_ERRORS.unauthenticated, detail: 'Sign in to use todos.' });
  }
  return call.caller;
}
