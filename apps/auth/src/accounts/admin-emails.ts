import { Injectable } from '@nestjs/common';
import { AppConfig } from '@ficus/common';

/** The role that may list users. */
export const ADMIN_ROLE = 'admin';
/** Every account's role. */
export const USER_ROLE = 'user';

/**
 * Bootstrapping administrators: emails listed in AUTH_ADMIN_EMAILS get the `admin` role when
 * they register, or at their next login if the account already exists. The list only grants;
 * taking an email off it does not demote the account.
 */
@Injectable()
export class AdminEmails {
  private readonly emails: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.emails = new Set(config.AUTH_ADMIN_EMAILS);
  }

  /** The roles a new account with this (normalised) email starts with. */
  initialRoles(email: string): string[] {
    return this.emails.has(email) ? [USER_ROLE, ADMIN_ROLE] : [USER_ROLE];
  }

  /** `roles` plus admin when the email is listed and lacks it; `null` when nothing changes. */
  missingGrant(email: string, roles: readonly string[]): string[] | null {
    return this.emails.has(email) && !roles.includes(ADMIN_ROLE) ? [...roles, ADMIN_ROLE] : null;
  }
}
