import type { FacadeContract } from '../../../../libs/common/src/contracts/facade-contract.js';
import { AUTH_FACADE, AUTH_PATTERNS, type AuthFacade } from './auth.facade.js';
import {
  ChangePasswordRequest,
  DeleteAccountRequest,
  ForgotPasswordRequest,
  ListUsersRequest,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  ResetPasswordRequest,
} from './auth.requests.js';

/** The auth facade as the platform serves it, in-process and remotely (see FacadeCallPipeline). */
export const AUTH_CONTRACT: FacadeContract<AuthFacade> = {
  context: 'auth',
  token: AUTH_FACADE,
  patterns: AUTH_PATTERNS,
  requests: {
    register: RegisterRequest,
    login: LoginRequest,
    refresh: RefreshRequest,
    logout: null,
    logoutAll: null,
    forgotPassword: ForgotPasswordRequest,
    resetPassword: ResetPasswordRequest,
    changePassword: ChangePasswordRequest,
    me: null,
    deleteAccount: DeleteAccountRequest,
    listUsers: ListUsersRequest,
    jwks: null,
  },
};
