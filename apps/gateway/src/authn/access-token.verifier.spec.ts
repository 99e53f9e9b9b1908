import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, loadConfig, MemorySessionRevocations, PLATFORM_ERRORS, ProblemException } from '@ficus/common';
import { type AuthFacade, type PublicJwk } from '@ficus/contracts/auth';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { VerificationKeys } from './verification-keys.js';
import { VerifiedTokens } from './verified-tokens.js';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: PublicJwk;
}

function signingKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomUUID();
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: kty ?? 'EC', crv, x, y, kid, alg: 'ES256', use: 'sig' } };
}

const config = loadConfig(AppConfig, {});
const nowS = () => Math.floor(Date.now() / 1000);
const anyKey = () => true;

function accessToken(key: SigningKey, sessionId: string, lifetimeS = 900): string {
  const iat = nowS();
  const claims = { iss: config.AUTH_ISSUER, aud: config.AUTH_AUDIENCE, sub: randomUUID(), sid: sessionId, roles: ['user'], token_use: 'access', jti: randomUUID(), iat, nbf: iat, exp: iat + lifetimeS };
  return new JwtService().sign(claims, { algorithm: 'ES256', privateKey: key.privateKey, keyid: key.kid, header: { alg: 'ES256', typ: 'at+jwt' } });
}

function claimsOf(lifetimeS = 900, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowS();
  return { iss: config.AUTH_ISSUER, aud: config.AUTH_AUDIENCE, sub: randomUUID(), sid: randomUUID(), roles: ['admin'], token_use: 'access', jti: randomUUID(), iat, nbf: iat, exp: iat + lifetimeS, ...extra };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signed(key: SigningKey, claims: object, typ = 'at+jwt', kid = key.kid): string {
  return new JwtService().sign(claims, { algorithm: 'ES256', privateKey: key.privateKey, keyid: kid, header: { alg: 'ES256', typ } });
}

/** RFC 6750 §3.1: a token that failed is challenged with invalid_token. */
const UNAUTHENTICATED = { code: 'auth.unauthenticated', headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };

async function rejection(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) return JSON.stringify(error.getResponse());
    throw error;
  }
  return undefined;
}

describe('AccessTokenVerifier', () => {
  let published: PublicJwk[];
  let revocations: MemorySessionRevocations;
  let verifier: AccessTokenVerifier;
  let signatureChecks: jest.SpyInstance;
  const key = signingKey();
  const attempt = (token: string) => verifier.verify(token, 'r-attack');

  beforeEach(() => {
    published = [key.jwk];
    const auth: Pick<AuthFacade, 'jwks'> = { jwks: async () => ({ keys: published }) };
    revocations = new MemorySessionRevocations();
    verifier = new AccessTokenVerifier(config, new VerificationKeys(config, auth as AuthFacade), revocations);
    signatureChecks = jest.spyOn(JwtService.prototype, 'verify');
  });

  afterEach(() => jest.restoreAllMocks());

  it('checks a token’s signature once and answers repeats from memory', async () => {
    const token = accessToken(key, randomUUID());
    const first = await verifier.verify(token, 'r1');
    const second = await verifier.verify(token, 'r2');
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(signatureChecks).toHaveBeenCalledTimes(1);
  });

  it('still checks the session on every request: a remembered token stops working at logout', async () => {
    const sessionId = randomUUID();
    const token = accessToken(key, sessionId);
    await verifier.verify(token, 'r1');
    await revocations.revoke(sessionId, Date.now() + 900_000);
    expect(await rejection(verifier.verify(token, 'r2'))).toContain('The session has ended.');
  });

  it('fails closed with 503 and Retry-After when the revocation store does not answer, and says so in the log', async () => {
    const token = accessToken(key, randomUUID());
    await verifier.verify(token, 'r1');
    jest.spyOn(revocations, 'isRevoked').mockRejectedValue(new Error('connection refused'));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const refused = await verifier.verify(token, 'r2').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ProblemException);
    expect(refused).toMatchObject({ code: PLATFORM_ERRORS.storeUnavailable, retryAfterSeconds: 1 });
    expect((refused as ProblemException).getStatus()).toBe(503);
    // Once while it lasts, not once per request.
    await verifier.verify(token, 'r3').catch(() => undefined);
    expect(logged.mock.calls).toEqual([[expect.stringContaining('Session revocation store unavailable (connection refused)')]]);
  });

  it('forgets a remembered token once it expires (beyond the clock tolerance)', async () => {
    const token = accessToken(key, randomUUID(), 60);
    await verifier.verify(token, 'r1');
    const later = Date.now() + (60 + config.AUTH_CLOCK_SKEW_S + 1) * 1000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(await rejection(verifier.verify(token, 'r2'))).toContain('The access token is invalid or expired.');
  });

  it('forgets a remembered token once auth stops publishing its key', async () => {
    const token = accessToken(key, randomUUID());
    await verifier.verify(token, 'r1');
    const next = signingKey();
    published = [next.jwk];
    // A token with the new kid refreshes the key set (at most every 30 s).
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 31_000);
    await verifier.verify(accessToken(next, randomUUID()), 'r2');
    expect(await rejection(verifier.verify(token, 'r3'))).toContain('The access token was signed by an unknown key.');
  });

  it('never remembers a token that failed', async () => {
    const [header, payload, signature] = accessToken(key, randomUUID()).split('.');
    const forged = `${header}.${payload}.${signature.slice(0, -4)}AAAA`;
    for (const requestId of ['r1', 'r2']) expect(await rejection(verifier.verify(forged, requestId))).toContain('The access token is invalid or expired.');
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });

  describe('refuses forged and misused tokens', () => {
    it('alg none', async () => {
      await expect(attempt(`${b64({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${b64(claimsOf())}.`)).rejects.toMatchObject(UNAUTHENTICATED);
    });

    it('HS256 keyed with the published public key (algorithm confusion)', async () => {
      const publicPem = createPublicKey({ key: { ...key.jwk }, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString();
      const unsigned = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })}.${b64(claimsOf())}`;
      const signature = createHmac('sha256', publicPem).update(unsigned).digest('base64url');
      await expect(attempt(`${unsigned}.${signature}`)).rejects.toMatchObject(UNAUTHENTICATED);
    });

    it('a key auth does not publish, even under a published kid', async () => {
      await expect(attempt(signed(signingKey(), claimsOf(), 'at+jwt', key.kid))).rejects.toMatchObject(UNAUTHENTICATED);
    });

    it('a tampered payload', async () => {
      const [header, , signature] = accessToken(key, randomUUID()).split('.');
      await expect(attempt(`${header}.${b64(claimsOf(900, { roles: ['admin', 'owner'] }))}.${signature}`)).rejects.toMatchObject(UNAUTHENTICATED);
    });

    it('an expired token, and one without exp', async () => {
      await expect(attempt(signed(key, claimsOf(-config.AUTH_CLOCK_SKEW_S - 60)))).rejects.toMatchObject(UNAUTHENTICATED);
      const { exp: _exp, ...noExp } = claimsOf();
      await expect(attempt(signed(key, noExp))).rejects.toMatchObject(UNAUTHENTICATED);
    });

    it('another JWT type, and a token that is not a JWT at all (a 401, never a 500)', async () => {
      await expect(attempt(signed(key, claimsOf(), 'JWT'))).rejects.toMatchObject(UNAUTHENTICATED);
      await expect(attempt(`${b64({ alg: 'ES256', typ: 'JWT', kid: key.kid })}.${Buffer.from('not json').toString('base64url')}.x`)).rejects.toMatchObject(UNAUTHENTICATED);
      await expect(attempt('a-refresh-token-is-opaque')).rejects.toMatchObject(UNAUTHENTICATED);
    });
  });
});

describe('VerifiedTokens', () => {
  const caller = { userId: 'u', roles: ['user'], sessionId: 's' };

  it('keeps at most its bound, forgetting the least recently used', () => {
    const tokens = new VerifiedTokens(2);
    const farExpiry = nowS() + 3600;
    tokens.remember('a', 'k', farExpiry, caller);
    tokens.remember('b', 'k', farExpiry, caller);
    expect(tokens.get('a', Date.now(), 0, anyKey)).toEqual(caller);
    tokens.remember('c', 'k', farExpiry, caller);
    expect(tokens.size).toBe(2);
    expect(tokens.get('b', Date.now(), 0, anyKey)).toBeUndefined();
    expect(tokens.get('a', Date.now(), 0, anyKey)).toEqual(caller);
    expect(tokens.get('c', Date.now(), 0, anyKey)).toEqual(caller);
  });

  it('hands out copies, so a caller changing its roles changes nothing remembered', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a', 'k', nowS() + 3600, caller);
    tokens.get('a', Date.now(), 0, anyKey)?.roles.push('admin');
    expect(tokens.get('a', Date.now(), 0, anyKey)?.roles).toEqual(['user']);
  });

});

