import { Injectable } from '@nestjs/common';
import { PASSWORD_MIN_LENGTH, passwordLength } from '@ficus/contracts/auth';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The most common passwords (zxcvbn-ts' list of ≈ 49k from public breach corpora), held as a
 * set built once. Entries shorter than the minimum length are left out: the length rule
 * already refuses them. The list is lower-case, so matching ignores case.
 */
@Injectable()
export class CommonPasswords {
  private readonly passwords: ReadonlySet<string> = new Set(
    dictionary['passwords-common'].filter((password) => passwordLength(password) >= PASSWORD_MIN_LENGTH),
  );

  /** How many passwords are refused. */
  get size(): number {
    return this.passwords.size;
  }

  /** Whether `password`, ignoring case, is one of them. */
  includes(password: string): boolean {
    return this.passwords.has(password.toLowerCase());
  }
}
