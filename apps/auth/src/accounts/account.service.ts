import { Injectable } from '@nestjs/common';
import { decodeKeysetCursor, encodeKeysetCursor, ProblemException, type CallContext, type CallerIdentity } from '@ficus/common';
import {
  AUTH_ERRORS,
  AUTH_ROLES,
  type ChangePasswordRequest,
  type DeleteAccountRequest,
  type ListUsersRequest,
  type RegisterRequest,
  type UserPage,
  type UserView,
} from '@ficus/contracts/auth';
import { eventCause } from '../events/user-events.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { PasswordPolicy } from '../passwords/password-policy.js';
import { ResetTokensRepository } from '../password-reset/reset-tokens.repository.js';
import { isUniqueViolation } from '../persistence/prisma-errors.js';
import { SecurityEvents } from '../security/security-events.js';
import { SessionService } from '../sessions/session.service.js';
import { CredentialCheck } from './credential-check.js';
import { normalizeEmail } from './email.js';
import { toUserView } from './user-view.js';
import { UsersRepository } from './users.repository.js';

/** Page size of listUsers when the request names none. */
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** Accounts: registration, the caller's own account and password, and the admin's user list. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
    private readonly credentials: CredentialCheck,
    private readonly sessions: SessionService,
    private readonly resetTokens: ResetTokensRepository,
    private readonly events: SecurityEvents,
  ) {}

  /**
   * Creates an account with role `user` only; 409 `email_taken` for a used email. Nothing a
   * sign-up says grants more: emails are not verified, so any role beyond `user` comes from an
   * operator (`npm run auth:role`).
   */
  async register(input: RegisterRequest, call: CallContext): Promise<UserView> {
    const email = normalizeEmail(input.email);
    this.policy.assertAcceptable(input.password, 'password');
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await this.users.create({ email, displayName: input.displayName?.trim() || null, passwordHash, roles: [AUTH_ROLES.user] }, eventCause(call));
      this.events.record('auth.registered', call, { userId: user.id, roles: user.roles });
      return toUserView(user);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ProblemException({ status: 409, code: AUTH_ERRORS.emailTaken, detail: 'An account with this email exists.' });
    }
  }

  /**
   * Replaces the caller's password after checking the current one (throttled like login), ends
   * every other session of theirs and voids outstanding reset links; the calling session stays.
   * The other sessions end before the password changes: if telling every app fails (503), the
   * password is still the current one, so the client can repeat the very same request. A login
   * that checked the old password meanwhile may have opened a session in between; the new
   * password version stops any later one (SessionsRepository.create), the second round ends those.
   */
  async changePassword(caller: CallerIdentity, input: ChangePasswordRequest, call: CallContext): Promise<void> {
    this.policy.assertAcceptable(input.newPassword, 'newPassword');
    const user = await this.credentials.verifyCurrentPassword(caller.userId, input.currentPassword, call);
    const passwordHash = await this.hasher.hash(input.newPassword);
    const before = await this.sessions.endAll(user.id, 'password-changed', eventCause(call), caller.sessionId);
    await this.users.setPassword(user.id, passwordHash);
    const meanwhile = await this.sessions.endAll(user.id, 'password-changed', eventCause(call), caller.sessionId);
    await this.resetTokens.deleteAllOf(user.id);
    this.events.record('auth.password.changed', call, { userId: user.id, sessionId: caller.sessionId, endedSessions: before + meanwhile });
  }

  /**
   * Deletes the caller's account after checking the current password (throttled like login):
   * ends every session (so its access tokens stop working at the edge), then deletes the user
   * with `user.deleted` in one transaction; the other contexts delete what the user owns when
   * they hear it. If telling every app about the ended sessions fails (503), the account is
   * still there and the very same request can be repeated. A login that checked the password
   * meanwhile either waits for the deletion and opens nothing, or opened its session first:
   * the deletion ends that one too (UsersRepository.delete) and the store hears of it.
   */
  async delete(caller: CallerIdentity, input: DeleteAccountRequest, call: CallContext): Promise<void> {
    const user = await this.credentials.verifyCurrentPassword(caller.userId, input.currentPassword, call);
    const ended = await this.sessions.endAll(user.id, 'account-deleted', eventCause(call));
    const meanwhile = await this.users.delete(user.id, eventCause(call));
    if (meanwhile === null) return; // a concurrent deletion came first: its request reports it
    await this.sessions.announceEnded(meanwhile);
    this.events.record('auth.account.deleted', call, { userId: user.id, sessionId: caller.sessionId, endedSessions: ended + meanwhile.length });
  }

  /** The caller's account; 401 when it no longer exists. */
  async me(caller: CallerIdentity): Promise<UserView> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new ProblemException({ status: 401, code: AUTH_ERRORS.unauthenticated, detail: 'The account no longer exists.' });
    return toUserView(user);
  }

  /** One page of users, newest first, with the cursor of the next page (null on the last). */
  async list(input: ListUsersRequest): Promise<UserPage> {
    const limit = Math.min(Math.max(Math.trunc(input.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
    const after = input.cursor ? decodeKeysetCursor(input.cursor) : undefined;
    // One extra row says whether another page exists without a count query.
    const rows = await this.users.page(limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toUserView), nextCursor: rows.length > limit && last ? encodeKeysetCursor(last) : null };
  }
}
