import { Injectable } from '@nestjs/common';
import { ProblemException, type CallContext } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { SecurityEvents } from '../security/security-events.js';
import { LoginThrottle, type LoginAttempt } from '../throttling/login-throttle.js';
import { normalizeEmail } from './email.js';
import { invalidCredentials } from './invalid-credentials.js';
import { UsersRepository, type UserRecord } from './users.repository.js';

/**
 * Password checks for login and password change: throttled per account and address (the
 * attempt is counted before the check, see LoginThrottle), the same answer and the same Argon2
 * work for an unknown email as for a wrong password, and on success the stored hash is brought
 * up to the configured parameters.
 */
@Injectable()
export class CredentialCheck {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly events: SecurityEvents,
  ) {}

  /** The account with this email and password; 401 `invalid_credentials` otherwise, 429 when throttled. */
  async verifyLogin(email: string, password: string, call: CallContext): Promise<UserRecord> {
    const normalized = normalizeEmail(email);
    const attempt = { email: normalized, clientIp: call.clientIp };
    await this.reserve(attempt, call);
    return this.check(attempt, await this.users.findByEmail(normalized), password, call);
  }

  /** The caller's account if `password` is its current password; same errors as login. */
  async verifyCurrentPassword(userId: string, password: string, call: CallContext): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user) throw new ProblemException({ status: 401, code: AUTH_ERRORS.unauthenticated, detail: 'The account no longer exists.' });
    const attempt = { email: user.email, clientIp: call.clientIp };
    await this.reserve(attempt, call);
    return this.check(attempt, user, password, call);
  }

  private async reserve(attempt: LoginAttempt, call: CallContext): Promise<void> {
    try {
      await this.throttle.reserve(attempt);
    } catch (error) {
      if (error instanceof ProblemException && error.code === AUTH_ERRORS.loginThrottled) this.events.alert('auth.login.throttled', call);
      throw error;
    }
  }

  private async check(attempt: LoginAttempt, user: UserRecord | null, password: string, call: CallContext): Promise<UserRecord> {
    const valid = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!user || !valid) {
      // Nothing to count: the attempt was counted when it was let through.
      this.events.alert('auth.login.failed', call, { userId: user?.id, reason: user ? 'wrong-password' : 'unknown-account' });
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(attempt);
    return this.upgrade(user, password, call);
  }

  /** After a successful check: re-hash with the current parameters. */
  private async upgrade(user: UserRecord, password: string, call: CallContext): Promise<UserRecord> {
    if (!this.hasher.needsRehash(user.passwordHash)) return user;
    const passwordHash = await this.hasher.hash(password);
    await this.users.rehash(user.id, user.passwordHash, passwordHash);
    this.events.record('auth.password.rehashed', call, { userId: user.id });
    return { ...user, passwordHash };
  }
}
