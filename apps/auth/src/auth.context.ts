import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { facadeCallsToken, facadeProviders } from '@ficus/common';
import { AUTH_CONTRACT, AUTH_FACADE } from '@ficus/contracts/auth';
import { AccountService } from './accounts/account.service.js';
import { CredentialCheck } from './accounts/credential-check.js';
import { UsersRepository } from './accounts/users.repository.js';
import { AuthClock } from './auth.clock.js';
import { AuthService } from './auth.service.js';
import { BackgroundWork } from './background/background-work.js';
import { AuthOutboxRelay } from './events/auth-outbox.relay.js';
import { UserEvents } from './events/user-events.js';
import { MailSender } from './mail/mail-sender.js';
import { ExpiredRowsCleanup } from './maintenance/expired-rows.cleanup.js';
import { PasswordResetMail } from './password-reset/password-reset.mail.js';
import { PasswordResetService } from './password-reset/password-reset.service.js';
import { ResetTokensRepository } from './password-reset/reset-tokens.repository.js';
import { CommonPasswords } from './passwords/common-passwords.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { PasswordPolicy } from './passwords/password-policy.js';
import { AuthPrismaClient } from './persistence/auth-prisma.client.js';
import { SecurityEvents } from './security/security-events.js';
import { SessionService } from './sessions/session.service.js';
import { SessionsRepository } from './sessions/sessions.repository.js';
import { failureCounterProvider } from './throttling/failure-counter.provider.js';
import { LoginThrottle } from './throttling/login-throttle.js';
import { AccessTokenIssuer } from './tokens/access-token.issuer.js';

/**
 * The auth context, composed: the one file of `apps/auth` other apps may import. Hosted
 * in-process by the gateway (AUTH_TRANSPORT=local) or by the auth app behind its message
 * controller. It relies only on the platform's global providers (AppConfig, PinoLogger,
 * REDIS_CLIENT, SessionRevocations, ReadinessRegistry), so it works inside any app.
 * Exports the facade (AUTH_FACADE) and the pipeline behind it, which the message controller
 * calls: AuthService is reached only through FacadeCallPipeline.
 */
@Module({
  // Keys are passed per call as prebuilt KeyObjects (see AccessTokenIssuer), so no module options.
  imports: [JwtModule.register({})],
  providers: [
    ...facadeProviders(AUTH_CONTRACT, AuthService),
    AuthClock,
    AuthPrismaClient,
    UsersRepository,
    SessionsRepository,
    ResetTokensRepository,
    AccountService,
    CredentialCheck,
    CommonPasswords,
    PasswordPolicy,
    PasswordHasher,
    AccessTokenIssuer,
    SessionService,
    failureCounterProvider,
    LoginThrottle,
    PasswordResetService,
    PasswordResetMail,
    MailSender,
    BackgroundWork,
    SecurityEvents,
    ExpiredRowsCleanup,
    UserEvents,
    AuthOutboxRelay,
  ],
  exports: [AUTH_FACADE, facadeCallsToken(AUTH_CONTRACT)],
})
export class AuthContextModule {}
