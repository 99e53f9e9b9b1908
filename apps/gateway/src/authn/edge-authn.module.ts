import { Module } from '@nestjs/common';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { AuthenticationHook } from './authentication.hook.js';
import { AuthenticatedGuard } from './authenticated.guard.js';
import { VerificationKeys } from './verification-keys.js';

/**
 * Authentication at the edge: verifies access tokens with auth's public keys and never holds a
 * signing key. Needs the auth facade (local or remote) in scope for the JWKS.
 */
@Module({
  providers: [VerificationKeys, AccessTokenVerifier, AuthenticationHook, AuthenticatedGuard],
  exports: [AuthenticatedGuard, AccessTokenVerifier],
})
export class EdgeAuthnModule {}
