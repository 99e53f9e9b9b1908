import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { FacadeCallPipeline, InjectFacadeCalls, MessageCall, MessageInput, type CallContext, type FacadeAnswer } from '@ficus/common';
import { AUTH_CONTRACT, AUTH_PATTERNS, type AuthFacade } from '@ficus/contracts/auth';
import type { Observable } from 'rxjs';

/**
 * The auth facade over the message transport: one handler per facade method, each running the
 * call through the same FacadeCallPipeline the in-process adapter is (input validated against
 * the contract, deadline, JSON-safe answer, error mapping), so both adapters behave alike.
 */
@Controller()
export class AuthMessagesController {
  constructor(@InjectFacadeCalls(AUTH_CONTRACT) private readonly calls: FacadeCallPipeline<AuthFacade>) {}

  @MessagePattern(AUTH_PATTERNS.register)
  register(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['register']>> {
    return this.calls.run('register', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.login)
  login(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['login']>> {
    return this.calls.run('login', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.refresh)
  refresh(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['refresh']>> {
    return this.calls.run('refresh', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.logout)
  logout(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['logout']>> {
    return this.calls.run('logout', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.logoutAll)
  logoutAll(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['logoutAll']>> {
    return this.calls.run('logoutAll', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.forgotPassword)
  forgotPassword(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['forgotPassword']>> {
    return this.calls.run('forgotPassword', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.resetPassword)
  resetPassword(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['resetPassword']>> {
    return this.calls.run('resetPassword', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.changePassword)
  changePassword(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['changePassword']>> {
    return this.calls.run('changePassword', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.me)
  me(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['me']>> {
    return this.calls.run('me', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.deleteAccount)
  deleteAccount(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['deleteAccount']>> {
    return this.calls.run('deleteAccount', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.listUsers)
  listUsers(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['listUsers']>> {
    return this.calls.run('listUsers', input, call);
  }

  @MessagePattern(AUTH_PATTERNS.jwks)
  jwks(@MessageInput() input: unknown, @MessageCall() call: CallContext): Observable<FacadeAnswer<AuthFacade['jwks']>> {
    return this.calls.run('jwks', input, call);
  }
}
