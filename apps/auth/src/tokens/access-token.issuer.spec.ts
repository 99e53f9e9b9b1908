import { createHmac, createPublicKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, loadConfig } from '@ficus/common';
import { ACCESS_TOKEN_TYPE, type PublicJwk } from '@ficus/contracts/auth';
import { generateSigningKeyPem } from '../../../../test/support/jwt-keys.js';
import { AccessTokenIssuer } from './access-token.issuer.js';

const base64url = (value: object | string): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

const subject = { userId: '0195c1d2-7e4a-7b3c-9d2e-1f0a2b3c4d5e', sessionId: '0195c1d2-7e4a-7b3c-9d2e-000000000001', roles: ['user'] };
const farFuture = new Date('2100-01-01T00:00:00Z');

/**
 * A strict verifier as the edge must be: key chosen by `kid` from the JWKS, ES256 only,
 * issuer, audience and `typ` checked. Attacks below must fail against it.
 */
function verifyWithJwks(token: string, keys: PublicJwk[], config: AppConfig): Record<string, unknown> {
  const header = decode(token.split('.')[0]);
  const jwk = keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error('unknown kid');
  if (header.typ !== ACCESS_TOKEN_TYPE) throw new Error('wrong typ');
  const publicKey: KeyObject = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
  const verifier = new JwtService({ secretOrKeyProvider: () => publicKey });
  return verifier.verify(token, { algorithms: ['ES256'], issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, clockTolerance: config.AUTH_CLOCK_SKEW_S });
}

describe('AccessTokenIssuer', () => {
  const signingPem = generateSigningKeyPem();
  const retiredPem = generateSigningKeyPem();
  const config = loadConfig(AppConfig, { AUTH_JWT_PRIVATE_KEYS: `${signingPem}\n${retiredPem}` });
  const issuer = new AccessTokenIssuer(new JwtService(), config);

  it('refuses to exist without AUTH_JWT_PRIVATE_KEYS', () => {
    expect(() => new AccessTokenIssuer(new JwtService(), loadConfig(AppConfig, {}))).toThrow(/AUTH_JWT_PRIVATE_KEYS/);
  });

  it('signs ES256 with typ at+jwt and the first key’s thumbprint as kid; the JWKS has every key', () => {
    const { token } = issuer.issue(subject, new Date(), farFuture);
    const header = decode(token.split('.')[0]);
    const jwks = issuer.jwks();
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: jwks.keys[0].kid });
    expect(jwks.keys).toHaveLength(2);
    expect(jwks.keys.every((key) => !('d' in key))).toBe(true);
    expect(verifyWithJwks(token, jwks.keys, config)).toMatchObject({ sub: subject.userId });
  });

  it('carries exactly the AccessTokenClaims', () => {
    const now = new Date();
    const issued = issuer.issue(subject, now, farFuture);
    const claims = decode(issued.token.split('.')[1]);
    const iat = Math.floor(now.getTime() / 1000);
    expect(claims).toEqual({
      iss: 'ficus-auth',
      aud: 'ficus',
      sub: subject.userId,
      sid: subject.sessionId,
      roles: ['user'],
      token_use: 'access',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat,
      nbf: iat,
      exp: iat + 900,
    });
    expect(issued).toMatchObject({ expiresIn: 900, expiresAt: new Date((iat + 900) * 1000) });
    expect(decode(issuer.issue(subject, now, farFuture).token.split('.')[1]).jti).not.toBe(claims.jti);
  });

  it('never outlives the session', () => {
    const now = new Date();
    const sessionEnd = new Date(now.getTime() + 60_000);
    const issued = issuer.issue(subject, now, sessionEnd);
    expect(decode(issued.token.split('.')[1]).exp).toBe(Math.floor(sessionEnd.getTime() / 1000));
    expect(issued.expiresIn).toBeLessThanOrEqual(60);
  });

  describe('against a strict verifier using the JWKS', () => {
    const { token } = issuer.issue(subject, new Date(), farFuture);
    const [header, payload, signature] = token.split('.');
    const keys = issuer.jwks().keys;

    it('rejects alg none', () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'at+jwt', kid: keys[0].kid })}.${payload}.`;
      expect(() => verifyWithJwks(unsigned, keys, config)).toThrow(/jwt signature is required/);
    });

    it('rejects HS256 keyed with the public key (algorithm confusion)', () => {
      const forgedHeader = base64url({ alg: 'HS256', typ: 'at+jwt', kid: keys[0].kid });
      const publicPem = createPublicKey({ key: { kty: 'EC', crv: keys[0].crv, x: keys[0].x, y: keys[0].y }, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
      const mac = createHmac('sha256', publicPem).update(`${forgedHeader}.${payload}`).digest('base64url');
      expect(() => verifyWithJwks(`${forgedHeader}.${payload}.${mac}`, keys, config)).toThrow(/invalid algorithm/);
    });

    it('rejects a token signed by another key under our kid', () => {
      const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forged = createSign('sha256').update(`${header}.${payload}`).sign({ key: attacker, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      expect(() => verifyWithJwks(`${header}.${payload}.${forged}`, keys, config)).toThrow(/invalid signature/);
    });

    it('rejects a tampered payload', () => {
      const escalated = base64url({ ...decode(payload), roles: ['user', 'admin'] });
      expect(() => verifyWithJwks(`${header}.${escalated}.${signature}`, keys, config)).toThrow(/invalid signature/);
    });

    it('rejects an expired token, and accepts the same kind of token while fresh', () => {
      const stale = issuer.issue(subject, new Date(Date.now() - 2 * 3600_000), farFuture).token;
      expect(() => verifyWithJwks(stale, keys, config)).toThrow(/jwt expired/);
      expect(() => verifyWithJwks(token, keys, config)).not.toThrow();
    });

    it('rejects a token whose key was dropped from the JWKS', () => {
      expect(() => verifyWithJwks(token, keys.slice(1), config)).toThrow(/unknown kid/);
    });
  });
});
