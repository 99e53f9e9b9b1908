import { CALLER_UNAUTHENTICATED } from '../../../../libs/common/src/contracts/call-context.js';

/**
 * Stable error codes of the auth context (`code` in problem+json). Clients may switch on them;
 * the HTTP status is fixed per code and identical whichever adapter served the call.
 */
export const AUTH_ERRORS = {
  /** 401 — unknown email or wrong password; deliberately indistinguishable. */
  invalidCredentials: 'auth.invalid_credentials',
  /** 409 — an account with this email exists. */
  emailTaken: 'auth.email_taken',
  /** 401 — unknown, expired, revoked or reused refresh token. */
  invalidRefreshToken: 'auth.invalid_refresh_token',
  /** 400 — unknown, expired, used or superseded password reset token. */
  invalidResetToken: 'auth.invalid_reset_token',
  /** 400 — the new password breaks the policy (length, common password). */
  weakPassword: 'auth.weak_password',
  /** 429 — too many failed logins for this account or address; see Retry-After. */
  loginThrottled: 'auth.login_throttled',
  /** 401 — no valid access token (the platform's code for a call without its user). */
  unauthenticated: CALLER_UNAUTHENTICATED,
  /** 403 — authenticated but lacking the role. */
  forbidden: 'auth.forbidden',
} as const;

export type AuthErrorCode = (typeof AUTH_ERRORS)[keyof typeof AUTH_ERRORS];
