import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_TOKEN_EXAMPLE, EMAIL_EXAMPLE, REFRESH_TOKEN_EXAMPLE } from './auth.examples.js';

/** A user as every API shows it; never contains secrets. */
export class UserView {
  @ApiProperty({ format: 'uuid', example: '0195c1d2-7e4a-7b3c-9d2e-1f0a2b3c4d5e' })
  id!: string;

  @ApiProperty({ example: EMAIL_EXAMPLE })
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace', nullable: true, type: String })
  displayName!: string | null;

  @ApiProperty({ example: ['user'], type: [String] })
  roles!: string[];

  @ApiProperty({ format: 'date-time', example: '2026-11-25T09:00:00.000Z' })
  createdAt!: string;
}

/** What login and refresh return. The refresh token is shown once and stored only as a hash. */
export class TokenPair {
  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: ACCESS_TOKEN_EXAMPLE, description: 'ES256 JWT for the Authorization header.' })
  accessToken!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T09:15:00.000Z' })
  accessTokenExpiresAt!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @ApiProperty({ example: REFRESH_TOKEN_EXAMPLE, description: 'Opaque; rotate it with POST /auth/refresh. Single use.' })
  refreshToken!: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-02T09:00:00.000Z', description: 'When this refresh token expires if unused (idle lifetime, capped by the session).' })
  refreshTokenExpiresAt!: string;
}

export class UserPage {
  @ApiProperty({ type: [UserView] })
  items!: UserView[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

/** An RFC 7517 public key as published in the JWKS. */
export interface PublicJwk {
  kty: string;
  kid: string;
  alg: string;
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

export class JwksView {
  @ApiProperty({ description: 'Public keys that verify access tokens (RFC 7517).', type: 'array', items: { type: 'object' } })
  keys!: PublicJwk[];
}
