/** JOSE `typ` header of access tokens (RFC 9068), so no other JWT passes as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** The only signature algorithm accepted; anything else (including `none`) is rejected. */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';
/** Value of the `token_use` claim of access tokens. */
export const ACCESS_TOKEN_USE = 'access';

/** The payload of an access token as auth issues it and every verifier expects it. */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  /** The user id. */
  sub: string;
  /** The session (refresh-token family) the token belongs to; logout revokes it. */
  sid: string;
  roles: string[];
  token_use: typeof ACCESS_TOKEN_USE;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
}
