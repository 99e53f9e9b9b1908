import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@ficus/common';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, ACCESS_TOKEN_USE, type AccessTokenClaims, type JwksView } from '@ficus/contracts/auth';
import { parseSigningKeys, type SigningKey } from './signing-keys.js';

/** Whom an access token is for. */
export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  roles: string[];
}

/** A signed access token and when it expires. */
export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
  /** Seconds from issue to expiry. */
  expiresIn: number;
}

/**
 * Signs access tokens (RFC 9068 profile: `typ: at+jwt`, ES256, `kid` = RFC 7638 thumbprint) with
 * the first key of AUTH_JWT_PRIVATE_KEYS and publishes every key's public half as the JWKS.
 * The keys are parsed into KeyObjects once, here: constructing this class fails — and with it
 * the app's start — when AUTH_JWT_PRIVATE_KEYS is missing or unusable.
 */
@Injectable()
export class AccessTokenIssuer {
  private readonly keys: SigningKey[];
  private readonly jwksView: JwksView;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.keys = parseSigningKeys(config.AUTH_JWT_PRIVATE_KEYS);
    this.jwksView = { keys: this.keys.map((key) => key.publicJwk) };
  }

  /** The public keys that verify access tokens, as a JSON-safe JWKS. */
  jwks(): JwksView {
    return structuredClone(this.jwksView);
  }

  /**
   * A token for `subject` issued at `now`, valid for AUTH_ACCESS_TOKEN_TTL_S but never past
   * `notAfter` (the session's absolute end).
   */
  issue(subject: AccessTokenSubject, now: Date, notAfter: Date): IssuedAccessToken {
    const [signer] = this.keys;
    const iat = Math.floor(now.getTime() / 1000);
    const exp = Math.max(iat + 1, Math.min(iat + this.config.AUTH_ACCESS_TOKEN_TTL_S, Math.floor(notAfter.getTime() / 1000)));
    const claims: AccessTokenClaims = {
      iss: this.config.AUTH_ISSUER,
      aud: this.config.AUTH_AUDIENCE,
      sub: subject.userId,
      sid: subject.sessionId,
      roles: [...subject.roles],
      token_use: ACCESS_TOKEN_USE,
      jti: randomUUID(),
      iat,
      nbf: iat,
      exp,
    };
    const token = this.jwt.sign(claims, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      privateKey: signer.privateKey,
      keyid: signer.kid,
      header: { alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE },
    });
    return { token, expiresAt: new Date(exp * 1000), expiresIn: exp - iat };
  }
}
