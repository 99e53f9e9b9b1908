import { ProblemException } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';

/**
 * 401 for a request without usable credentials: none, or not a bearer token. Its challenge is
 * the plain `WWW-Authenticate: Bearer` every 401 gets (RFC 6750 §3.1: no error code when the
 * client did not try a bearer token).
 */
export function unauthenticated(detail: string): ProblemException {
  return new ProblemException({ status: 401, type: 'unauthenticated', code: AUTH_ERRORS.unauthenticated, detail });
}

/**
 * 401 for a bearer token that cannot be used — malformed, forged, expired, or its session
 * ended — challenged with RFC 6750's `error="invalid_token"`, so a client knows to get a new
 * token rather than to ask the user again.
 */
export function invalidToken(detail: string): ProblemException {
  return new ProblemException({
    status: 401,
    type: 'unauthenticated',
    code: AUTH_ERRORS.unauthenticated,
    detail,
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });
}
