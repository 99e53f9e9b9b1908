import { AUTH_ERRORS, ProblemException, type CallContext, type CallerIdentity } from '@ficus/common';

/** The authenticated caller, or 401 `auth.unauthenticated`: AI help is always for someone's own todos. */
export function requireCaller(call: CallContext): CallerIdentity {
  if (!call.caller) {
    throw new ProblemException({ status: 401, type: 'unauthenticated', code: AUTH_ERRORS.unauthenticated, detail: 'Sign in to use AI help.' });
  }
  return call.caller;
}
