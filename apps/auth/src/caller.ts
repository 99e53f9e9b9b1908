import { AUTH_ERRORS, ProblemException, type CallContext, type CallerIdentity } from '@ficus/common';

/** The authenticated caller, or 401 `unauthenticated` for anonymous calls. */
export function requireCaller(call: CallContext): CallerIdentity {
  if (!call.caller) {
    throw new ProblemException({ status: 401, code: AUTH_ERRORS.unauthenticated, detail: 'Sign in to do this.' });
  }
  return call.caller;
}

/** The caller if their access token carries `role`; 401 when anonymous, 403 `forbidden` otherwise. */
export function requireRole(call: CallContext, role: string): CallerIdentity {
  const caller = requireCaller(call);
  if (!caller.roles.includes(role)) {
    throw new ProblemException({ status: 403, code: AUTH_ERRORS.forbidden, detail: `This needs the ${role} role.` });
  }
  return caller;
}
