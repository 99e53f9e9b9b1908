import { ProblemException } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';

/**
 * The one answer to a login that does not succeed on its credentials — unknown email, wrong
 * password, or a password that changed while the login was checked — identical in every case,
 * so it tells nothing about the account.
 */
export function invalidCredentials(): ProblemException {
  return new ProblemException({ status: 401, code: AUTH_ERRORS.invalidCredentials, detail: 'The email or password is wrong.' });
}
