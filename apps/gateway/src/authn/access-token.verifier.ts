import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, OutageLog, PLATFORM_ERRORS, ProblemException, SessionRevocations, type CallerIdentity } from '@ficus/common';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, ACCESS_TOKEN_USE, type AccessTokenClaims } from '@ficus/contracts/auth';
import { invalidToken } from './unauthenticated.js';
import { VerificationKeys } from './verification-keys.js';
import { VerifiedTokens } from './verified-tokens.js';

interface TokenHeader {
  kid?: unknown;
  typ?: unknown;
  alg?: unknown;
}

/**
 * Verifies access tokens at the edge: ES256 only (so `none` and HMAC-with-the-public-key are
 * out), the `at+jwt` type, a key auth publishes, signature, exp/nbf with the configured skew,
 * iss, aud, `token_use`, and a session that has not been ended (logout, reuse detection, …).
 *
 * A token that passed is remembered until it expires (`VerifiedTokens`), so the signature is
 * checked once per token and process, not once per request; the session check runs on every
 * request, cached or not, which is what makes a logout take effect at once.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly decoder = new JwtService();
  /** One JwtService per verification key, holding it as a KeyObject (never re-parsed per call). */
  private readonly verifiers = new WeakMap<KeyObject, JwtService>();
  private readonly verified = new VerifiedTokens();
  private readonly outage = new OutageLog(AccessTokenVerifier.name, (reason) => `Session revocation store unavailable (${reason}): refusing authenticated requests`);

  constructor(
    private readonly config: AppConfig,
    private readonly keys: VerificationKeys,
    private readonly revocations: SessionRevocations,
  ) {}

  async verify(token: string, requestId: string): Promise<CallerIdentity> {
    const cached = this.verified.get(token, Date.now(), this.config.AUTH_CLOCK_SKEW_S, (kid) => this.keys.get(kid) !== undefined);
    const caller = cached ?? (await this.verifySignatureAndClaims(token, requestId));
    if (await this.isRevoked(caller.sessionId)) throw invalidToken('The session has ended.');
    return caller;
  }

  /** Everything but the session: the part that is the same for every use of the same token. */
  private async verifySignatureAndClaims(token: string, requestId: string): Promise<CallerIdentity> {
    const header = this.headerOf(token);
    if (!header || typeof header.kid !== 'string') throw invalidToken('The access token is malformed.');
    if (header.typ !== ACCESS_TOKEN_TYPE || header.alg !== ACCESS_TOKEN_ALGORITHM) throw invalidToken('Not an access token.');
    const key = await this.keys.load(header.kid, requestId);
    if (!key) throw invalidToken('The access token was signed by an unknown key.');
    let claims: AccessTokenClaims;
    try {
      claims = this.verifierFor(key).verify<AccessTokenClaims>(token, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.config.AUTH_ISSUER,
        audience: this.config.AUTH_AUDIENCE,
        clockTolerance: this.config.AUTH_CLOCK_SKEW_S,
      });
    } catch {
      throw invalidToken('The access token is invalid or expired.');
    }
    // jsonwebtoken checks exp only when present; an access token without one never expires.
    if (claims.token_use !== ACCESS_TOKEN_USE || typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || !Array.isArray(claims.roles) || typeof claims.exp !== 'number') {
      throw invalidToken('Not an access token.');
    }
    const caller: CallerIdentity = { userId: claims.sub, roles: claims.roles.filter((role) => typeof role === 'string'), sessionId: claims.sid };
    this.verified.remember(token, header.kid, claims.exp, caller);
    return caller;
  }

  /** The JOSE header, or undefined for anything that is not a decodable JWT (crafted garbage included). */
  private headerOf(token: string): TokenHeader | undefined {
    try {
      return this.decoder.decode<{ header?: TokenHeader } | null>(token, { complete: true })?.header;
    } catch {
      return undefined;
    }
  }

  private verifierFor(key: KeyObject): JwtService {
    let verifier = this.verifiers.get(key);
    if (!verifier) {
      verifier = new JwtService({ publicKey: key });
      this.verifiers.set(key, verifier);
    }
    return verifier;
  }

  /** Fails closed: without the revocation list a logged-out session cannot be told apart. */
  private async isRevoked(sessionId: string): Promise<boolean> {
    try {
      return await this.revocations.isRevoked(sessionId);
    } catch (error) {
      this.outage.report(error);
      throw new ProblemException({ status: 503, type: 'session-revocation-unavailable', code: PLATFORM_ERRORS.storeUnavailable, detail: 'Sessions cannot be checked right now; retry shortly.', retryAfterSeconds: 1 });
    }
  }
}
