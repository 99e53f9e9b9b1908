import { Injectable } from '@nestjs/common';
import { requireCaller } from '@ficus/common';
import { AUTH_ROLES } from '@ficus/contracts/auth';
import type { CallContext, EmptyRequest } from '@ficus/common';
import type {
  AuthFacade,
  ChangePasswordRequest,
  DeleteAccountRequest,
  ForgotPasswordRequest,
  JwksView,
  ListUsersRequest,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  ResetPasswordRequest,
  TokenPair,
  UserPage,
  UserView,
} from '@ficus/contracts/auth';
import { AccountService } from './accounts/account.service.js';
import { CredentialCheck } from './accounts/credential-check.js';
import { AUTH_ANONYMOUS, requireRole } from './caller.js';
import { eventCause } from './events/user-events.js';
import { PasswordResetService } from './password-reset/password-reset.service.js';
import { SecurityEvents } from './security/security-events.js';
import { SessionService } from './sessions/session.service.js';
import { AccessTokenIssuer } from './tokens/access-token.issuer.js';

/**
 * The auth context's application service: the AuthFacade every adapter serves (in-process
 * through AUTH_FACADE, remote through the auth app's message controller). It only checks who
 * may call and delegates; the rules live in the collaborators. Every result is JSON-safe
 * (ISO date strings, plain objects), so local and remote callers see identical values.
 */
@Injectable()
export class AuthService implements AuthFacade {
  constructor(
    private readonly accounts: AccountService,
    private readonly credentials: CredentialCheck,
    private readonly sessions: SessionService,
    private readonly passwordReset: PasswordResetService,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly events: SecurityEvents,
  ) {}

  async register(input: RegisterRequest, call: CallContext): Promise<UserView> {
    return this.accounts.register(input, call);
  }

  async login(input: LoginRequest, call: CallContext): Promise<TokenPair> {
    const user = await this.credentials.verifyLogin(input.email, input.password, call);
    const { sessionId, tokens } = await this.sessions.open(user);
    this.events.record('auth.login.succeeded', call, { userId: user.id, sessionId });
    return tokens;
  }

  async refresh(input: RefreshRequest, call: CallContext): Promise<TokenPair> {
    return this.sessions.rotate(input.refreshToken, call);
  }

  async logout(_input: EmptyRequest, call: CallContext): Promise<void> {
    const caller = requireCaller(call, AUTH_ANONYMOUS);
    await this.sessions.end(caller.sessionId, caller.userId, 'logout', eventCause(call));
    this.events.record('auth.logout', call, { userId: caller.userId, sessionId: caller.sessionId });
  }

  async logoutAll(_input: EmptyRequest, call: CallContext): Promise<void> {
    const caller = requireCaller(call, AUTH_ANONYMOUS);
    const endedSessions = await this.sessions.endAll(caller.userId, 'logout-all', eventCause(call));
    this.events.record('auth.logout-all', call, { userId: caller.userId, sessionId: caller.sessionId, endedSessions });
  }

  async forgotPassword(input: ForgotPasswordRequest, call: CallContext): Promise<void> {
    return this.passwordReset.request(input.email, call);
  }

  async resetPassword(input: ResetPasswordRequest, call: CallContext): Promise<void> {
    return this.passwordReset.complete(input.token, input.newPassword, call);
  }

  async changePassword(input: ChangePasswordRequest, call: CallContext): Promise<void> {
    return this.accounts.changePassword(requireCaller(call, AUTH_ANONYMOUS), input, call);
  }

  async me(_input: EmptyRequest, call: CallContext): Promise<UserView> {
    return this.accounts.me(requireCaller(call, AUTH_ANONYMOUS));
  }

  async deleteAccount(input: DeleteAccountRequest, call: CallContext): Promise<void> {
    return this.accounts.delete(requireCaller(call, AUTH_ANONYMOUS), input, call);
  }

  async listUsers(input: ListUsersRequest, call: CallContext): Promise<UserPage> {
    requireRole(call, AUTH_ROLES.admin);
    return this.accounts.list(input);
  }

  async jwks(_input: EmptyRequest, _call: CallContext): Promise<JwksView> {
    return this.accessTokens.jwks();
  }
}
