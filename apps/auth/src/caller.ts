import { ProblemException, requireCaller, type CallContext, type CallerIdentity } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';

/**
 * What auth answers an anonymous call to a method that acts for someone: its 401 has always
 * had the generic `unauthorized` type (todos, ai and the edge say `unauthenticated`); kept so
 * that no client switching on it breaks.
 */
export const AUTH_ANONYMOUS = { detail: 'Sign in to do this.', type: 'unauthorized' } as const;

/** The caller if their access token carries `role`; 401 when anonymous, 403 `forbidden` otherwise. */
export function requireRole(call: CallContext, role: string): CallerIdentity {
  const caller = requireCaller(call, AUTH_ANONYMOUS);
  if (!caller.roles.includes(role)) {
    throw new ProblemException({ status: 403, code: AUTH_ERRORS.forbidden, detail: `This needs the ${role} role.` });
  }
  return caller;
}
