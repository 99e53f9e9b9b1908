import { Body, Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { NoStore, RateLimit, type CallContext } from '@ficus/common';
import {
  AUTH_FACADE,
  ChangePasswordRequest,
  DeleteAccountRequest,
  ForgotPasswordRequest,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  ResetPasswordRequest,
  TokenPair,
  UserView,
  type AuthFacade,
} from '@ficus/contracts/auth';
import { Authenticated } from '../authn/authenticated.guard.js';
import { Call } from '../authn/call.decorator.js';

/** Accounts, sessions and passwords: the auth facade over HTTP. Tokens and account data: never cached. */
@ApiTags('auth')
@NoStore()
@Controller('auth')
export class AuthController {
  constructor(@Inject(AUTH_FACADE) private readonly auth: AuthFacade) {}

  @Post('register')
  @RateLimit('auth')
  @ApiOperation({ summary: 'Create an account', description: 'Emails are trimmed and lower-cased. Passwords: 8–128 characters, not a common password.' })
  @ApiCreatedResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'Invalid fields or a weak password (problem+json with `errors`).' })
  @ApiConflictResponse({ description: 'The email is taken (`auth.email_taken`).' })
  register(@Body() input: RegisterRequest, @Call() call: CallContext): Promise<UserView> {
    return this.auth.register(input, call);
  }

  @Post('login')
  @HttpCode(200)
  @RateLimit('public')
  @ApiOperation({ summary: 'Sign in', description: 'Unknown email and wrong password fail identically. Repeated failures per account or address → 429.' })
  @ApiOkResponse({ type: TokenPair })
  @ApiUnauthorizedResponse({ description: '`auth.invalid_credentials`' })
  @ApiTooManyRequestsResponse({ description: '`auth.login_throttled`, with Retry-After.' })
  login(@Body() input: LoginRequest, @Call() call: CallContext): Promise<TokenPair> {
    return this.auth.login(input, call);
  }

  @Post('refresh')
  @HttpCode(200)
  @RateLimit('public')
  @ApiOperation({ summary: 'Rotate a refresh token', description: 'Returns a new access token and a new refresh token; the presented one is spent. Presenting a spent token ends its whole session.' })
  @ApiOkResponse({ type: TokenPair })
  @ApiUnauthorizedResponse({ description: '`auth.invalid_refresh_token`' })
  refresh(@Body() input: RefreshRequest, @Call() call: CallContext): Promise<TokenPair> {
    return this.auth.refresh(input, call);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'End this session', description: 'Its refresh token and its access tokens stop working at once.' })
  @ApiNoContentResponse()
  logout(@Call() call: CallContext): Promise<void> {
    return this.auth.logout({}, call);
  }

  @Post('logout-all')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'End every session of this user', description: 'Every refresh token and access token of the user stops working at once, this session\'s included.' })
  @ApiNoContentResponse()
  logoutAll(@Call() call: CallContext): Promise<void> {
    return this.auth.logoutAll({}, call);
  }

  @Post('password/forgot')
  @HttpCode(202)
  @RateLimit('auth')
  @ApiOperation({ summary: 'Mail a password reset link', description: 'Answers 202 whether or not the account exists.' })
  @ApiAcceptedResponse()
  forgot(@Body() input: ForgotPasswordRequest, @Call() call: CallContext): Promise<void> {
    return this.auth.forgotPassword(input, call);
  }

  @Post('password/reset')
  @HttpCode(204)
  @RateLimit('auth')
  @ApiOperation({ summary: 'Set a new password with a reset token', description: 'Single use, 30 minutes; ends every session.' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: '`auth.invalid_reset_token` or a weak password.' })
  reset(@Body() input: ResetPasswordRequest, @Call() call: CallContext): Promise<void> {
    return this.auth.resetPassword(input, call);
  }

  @Post('password/change')
  @HttpCode(204)
  @RateLimit('auth')
  @Authenticated()
  @ApiOperation({ summary: 'Change the password', description: 'Needs the current password; ends every other session.' })
  @ApiNoContentResponse()
  change(@Body() input: ChangePasswordRequest, @Call() call: CallContext): Promise<void> {
    return this.auth.changePassword(input, call);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user', description: 'The account the access token belongs to, with its roles as they are now.' })
  @ApiOkResponse({ type: UserView })
  me(@Call() call: CallContext): Promise<UserView> {
    return this.auth.me({}, call);
  }

  @Delete('me')
  @HttpCode(204)
  @RateLimit('auth')
  @Authenticated()
  @ApiOperation({
    summary: 'Delete the account',
    description:
      'Needs the current password. Ends every session at once (its tokens stop working) and deletes the account; ' +
      'its todos and everything else it owns are deleted shortly after, by the contexts that hold them (event `user.deleted`).',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: '`auth.invalid_credentials` for a wrong password.' })
  @ApiTooManyRequestsResponse({ description: '`auth.login_throttled`, with Retry-After: wrong passwords count like failed logins.' })
  deleteAccount(@Body() input: DeleteAccountRequest, @Call() call: CallContext): Promise<void> {
    return this.auth.deleteAccount(input, call);
  }
}
