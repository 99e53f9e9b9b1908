import { Injectable } from '@nestjs/common';
import { ValidationProblem } from '@ficus/common';
import { AUTH_ERRORS, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from '@ficus/contracts/auth';
import { CommonPasswords } from './common-passwords.js';

/**
 * What a new password must be (ASVS V6.2): 8–128 characters (code points, see passwordLength),
 * any characters, and not one of the common passwords. Passwords are never trimmed, truncated
 * or composition-checked.
 * The length is checked here too, not only by the request DTO, because in-process callers
 * reach the service without the validation pipe.
 */
@Injectable()
export class PasswordPolicy {
  constructor(private readonly commonPasswords: CommonPasswords) {}

  /**
   * Resolves quietly for an acceptable password; otherwise throws a 400 validation problem
   * with code `auth.weak_password` naming `field` (`password` or `newPassword`).
   */
  assertAcceptable(password: string, field: 'password' | 'newPassword'): void {
    const problems = this.problemsWith(password);
    if (problems.length > 0) {
      throw new ValidationProblem([{ field, messages: problems }], 'The password does not meet the password policy.', AUTH_ERRORS.weakPassword);
    }
  }

  private problemsWith(password: string): string[] {
    const length = passwordLength(password);
    if (length < PASSWORD_MIN_LENGTH) return [`The password must be at least ${PASSWORD_MIN_LENGTH} characters long`];
    if (length > PASSWORD_MAX_LENGTH) return [`The password must be at most ${PASSWORD_MAX_LENGTH} characters long`];
    if (this.commonPasswords.includes(password)) return ['This password is among the most common passwords; choose another'];
    return [];
  }
}
