import { Injectable } from '@nestjs/common';
import { AppConfig, ProblemException, type CallContext } from '@ficus/common';
import { AUTH_ERRORS } from '@ficus/contracts/auth';
import { addSeconds, AuthClock } from '../auth.clock.js';
import { normalizeEmail } from '../accounts/email.js';
import { UsersRepository, type UserRecord } from '../accounts/users.repository.js';
import { BackgroundWork } from '../background/background-work.js';
import { eventCause } from '../events/user-events.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { PasswordPolicy } from '../passwords/password-policy.js';
import { SecurityEvents } from '../security/security-events.js';
import { SessionService } from '../sessions/session.service.js';
import { LoginThrottle } from '../throttling/login-throttle.js';
import { hashOpaqueToken, newOpaqueToken } from '../tokens/opaque-tokens.js';
import { PasswordResetMail } from './password-reset.mail.js';
import { ResetTokensRepository } from './reset-tokens.repository.js';

/**
 * Forgotten passwords (ASVS V6.4): a single-use, 256-bit link token valid for
 * AUTH_RESET_TOKEN_TTL_S, stored as a hash; a newer link voids older ones; using it sets the
 * password and ends every session of the account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: ResetTokensRepository,
    private readonly mail: PasswordResetMail,
    private readonly background: BackgroundWork,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly events: SecurityEvents,
    private readonly clock: AuthClock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Mails a reset link if an account has this email. Resolves the same way either way, after
   * the same work (one lookup by email): issuing the token and sending the mail happen in the
   * background, so neither the answer nor its timing tells whether the account exists.
   */
  async request(email: string, call: CallContext): Promise<void> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    this.events.record('auth.password-reset.requested', call, { userId: user?.id, accountExists: user !== null });
    if (user) this.background.run('password-reset-mail', call.requestId, () => this.issue(user, call));
  }

  /**
   * Sets a new password with a link's token and ends every session; 400 `invalid_reset_token`
   * for a dead token. The sessions end before the token is spent: if telling every app fails
   * (503), the link still works for the retry. Sessions a racing login opened with the old
   * password before the new one was set end in the second round (see AccountService.changePassword).
   */
  async complete(token: string, newPassword: string, call: CallContext): Promise<void> {
    this.policy.assertAcceptable(newPassword, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    const tokenHash = hashOpaqueToken(token);
    const userId = await this.tokens.ownerOfLive(tokenHash, this.clock.now());
    if (!userId) throw invalidResetToken();
    const before = await this.sessions.endAll(userId, 'password-reset', eventCause(call));
    // False when a concurrent use of the same link (or its expiry) came first.
    if (!(await this.tokens.redeem(tokenHash, userId, this.clock.now(), passwordHash))) throw invalidResetToken();
    const endedSessions = before + (await this.sessions.endAll(userId, 'password-reset', eventCause(call)));
    // Whoever proved control of the mailbox is the owner: clear the failed logins an attacker caused.
    const user = await this.users.findById(userId);
    if (user) await this.throttle.recordSuccess({ email: user.email });
    this.events.record('auth.password-reset.completed', call, { userId, endedSessions });
  }

  private async issue(user: UserRecord, call: CallContext): Promise<void> {
    const token = newOpaqueToken();
    const now = this.clock.now();
    const ttl = this.config.AUTH_RESET_TOKEN_TTL_S;
    await this.tokens.replace(user.id, hashOpaqueToken(token), now, addSeconds(now, ttl));
    await this.mail.send(user.email, token, ttl, call);
  }
}

function invalidResetToken(): ProblemException {
  return new ProblemException({ status: 400, code: AUTH_ERRORS.invalidResetToken, detail: 'The reset link is invalid, used, superseded or expired; ask for a new one.' });
}
