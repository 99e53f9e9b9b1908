import type { CallContext, EmptyRequest, FacadePatterns } from '../../../../libs/common/src/contracts/call-context.js';
import type {
  ChangePasswordRequest,
  DeleteAccountRequest,
  ForgotPasswordRequest,
  ListUsersRequest,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  ResetPasswordRequest,
} from './auth.requests.js';
import type { JwksView, TokenPair, UserPage, UserView } from './auth.views.js';

/** Injection token of the auth facade; the adapter behind it is chosen by `AUTH_TRANSPORT`. */
export const AUTH_FACADE = Symbol('AUTH_FACADE');

/**
 * The auth context's contract: everything other apps may ask of auth. Methods needing a user
 * read it from `call.caller`; failures are ProblemExceptions carrying an `AUTH_ERRORS` code.
 */
export interface AuthFacade {
  /** Creates an account; the email must be unused, the password must pass the policy. */
  register(input: RegisterRequest, call: CallContext): Promise<UserView>;
  /** Checks credentials (throttled per account and address) and opens a session. */
  login(input: LoginRequest, call: CallContext): Promise<TokenPair>;
  /** Rotates a refresh token; presenting a used one revokes its whole session. */
  refresh(input: RefreshRequest, call: CallContext): Promise<TokenPair>;
  /** Ends the caller's current session (refresh and access tokens). */
  logout(input: EmptyRequest, call: CallContext): Promise<void>;
  /** Ends every session of the caller. */
  logoutAll(input: EmptyRequest, call: CallContext): Promise<void>;
  /** Mails a reset link if the account exists; resolves identically either way. */
  forgotPassword(input: ForgotPasswordRequest, call: CallContext): Promise<void>;
  /** Sets a new password with a reset token and ends every session. */
  resetPassword(input: ResetPasswordRequest, call: CallContext): Promise<void>;
  /** Changes the caller's password (current one required) and ends their other sessions. */
  changePassword(input: ChangePasswordRequest, call: CallContext): Promise<void>;
  /** The caller's own account. */
  me(input: EmptyRequest, call: CallContext): Promise<UserView>;
  /**
   * Deletes the caller's account (current password required): every session ends, the account
   * is gone, and `user.deleted` tells the other contexts to delete what the user owns.
   */
  deleteAccount(input: DeleteAccountRequest, call: CallContext): Promise<void>;
  /** All users, newest first (admin role only). */
  listUsers(input: ListUsersRequest, call: CallContext): Promise<UserPage>;
  /** The public keys that verify access tokens. */
  jwks(input: EmptyRequest, call: CallContext): Promise<JwksView>;
}

/** Message pattern per facade method; the auth app's message controller serves exactly these. */
export const AUTH_PATTERNS: FacadePatterns<AuthFacade> = {
  register: 'auth.register',
  login: 'auth.login',
  refresh: 'auth.refresh',
  logout: 'auth.logout',
  logoutAll: 'auth.logout-all',
  forgotPassword: 'auth.password.forgot',
  resetPassword: 'auth.password.reset',
  changePassword: 'auth.password.change',
  me: 'auth.me',
  deleteAccount: 'auth.me.delete',
  listUsers: 'auth.users.list',
  jwks: 'auth.jwks',
};

/** The methods that only read: a repeat of one changes nothing (see readPatterns). */
export const AUTH_READ_METHODS: { readonly [K in keyof AuthFacade]?: true } = { me: true, listUsers: true, jwks: true };
