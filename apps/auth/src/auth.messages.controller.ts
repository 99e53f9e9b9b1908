import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AUTH_PATTERNS,
  ChangePasswordRequest,
  ForgotPasswordRequest,
  ListUsersRequest,
  LoginRequest,
  MessageCall,
  MessageInput,
  RefreshRequest,
  RegisterRequest,
  ResetPasswordRequest,
  type CallContext,
  type EmptyRequest,
  type JwksView,
  type TokenPair,
  type UserPage,
  type UserView,
} from '@ficus/common';
import { AuthService } from './auth.service.js';

/**
 * The auth facade over the message transport: one handler per facade method, each calling the
 * same application service the in-process adapter is. Inputs are validated again here.
 */
@Controller()
export class AuthMessagesController {
  constructor(private readonly auth: AuthService) {}

  @MessagePattern(AUTH_PATTERNS.register)
  register(@MessageInput() input: RegisterRequest, @MessageCall() call: CallContext): Promise<UserView> {
    return this.auth.register(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.login)
  login(@MessageInput() input: LoginRequest, @MessageCall() call: CallContext): Promise<TokenPair> {
    return this.auth.login(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.refresh)
  refresh(@MessageInput() input: RefreshRequest, @MessageCall() call: CallContext): Promise<TokenPair> {
    return this.auth.refresh(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.logout)
  logout(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Promise<void> {
    return this.auth.logout(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.logoutAll)
  logoutAll(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Promise<void> {
    return this.auth.logoutAll(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.forgotPassword)
  forgotPassword(@MessageInput() input: ForgotPasswordRequest, @MessageCall() call: CallContext): Promise<void> {
    return this.auth.forgotPassword(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.resetPassword)
  resetPassword(@MessageInput() input: ResetPasswordRequest, @MessageCall() call: CallContext): Promise<void> {
    return this.auth.resetPassword(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.changePassword)
  changePassword(@MessageInput() input: ChangePasswordRequest, @MessageCall() call: CallContext): Promise<void> {
    return this.auth.changePassword(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.me)
  me(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Promise<UserView> {
    return this.auth.me(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.listUsers)
  listUsers(@MessageInput() input: ListUsersRequest, @MessageCall() call: CallContext): Promise<UserPage> {
    return this.auth.listUsers(input, call);
  }

  @MessagePattern(AUTH_PATTERNS.jwks)
  jwks(@MessageInput() input: EmptyRequest, @MessageCall() call: CallContext): Promise<JwksView> {
    return this.auth.jwks(input, call);
  }
}
