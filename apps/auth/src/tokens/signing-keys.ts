import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ACCESS_TOKEN_ALGORITHM, type PublicJwk } from '@ficus/contracts/auth';

/** A key that signs access tokens, built once: KeyObjects, not PEM strings, on the hot path. */
export interface SigningKey {
  /** RFC 7638 JWK thumbprint of the public key; the `kid` header of tokens it signs. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as published in the JWKS. */
  publicJwk: PublicJwk;
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** How to make a key, for the error people see when none is configured. */
const KEY_HINT = 'generate one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256';

/**
 * RFC 7638 thumbprint of an EC public JWK: SHA-256 over its required members (crv, kty, x, y)
 * in lexicographic order without whitespace, base64url-encoded.
 */
export function jwkThumbprint(jwk: Pick<JsonWebKey, 'crv' | 'kty' | 'x' | 'y'>): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function signingKey(pem: string, position: number): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    // The key text is a secret: the message names its position, never its content.
    throw new Error(`AUTH_JWT_PRIVATE_KEYS: key ${position} is not a readable PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`AUTH_JWT_PRIVATE_KEYS: key ${position} is not an EC P-256 key (ES256 needs P-256; ${KEY_HINT})`);
  }
  const publicKey = createPublicKey(privateKey);
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  const kid = jwkThumbprint({ crv, kty, x, y });
  return { kid, privateKey, publicKey, publicJwk: { kty: String(kty), crv, x, y, kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' } };
}

/**
 * The keys in `AUTH_JWT_PRIVATE_KEYS`, in order (the first signs). Throws, naming the variable,
 * when it is missing, holds no PEM private key, or holds a key that is not EC P-256.
 */
export function parseSigningKeys(pemText: string | undefined): SigningKey[] {
  if (!pemText?.trim()) {
    throw new Error(`AUTH_JWT_PRIVATE_KEYS is not set: the auth context needs an EC P-256 private key to sign access tokens (${KEY_HINT}; npm start and the tests provide one)`);
  }
  const pems = [...pemText.matchAll(PEM_BLOCK)].filter((match) => match[1].endsWith('PRIVATE KEY')).map((match) => match[0]);
  if (pems.length === 0) throw new Error(`AUTH_JWT_PRIVATE_KEYS holds no PEM private key (-----BEGIN PRIVATE KEY-----; ${KEY_HINT})`);
  const keys = pems.map((pem, index) => signingKey(pem, index + 1));
  const kids = new Set(keys.map((key) => key.kid));
  if (kids.size !== keys.length) throw new Error('AUTH_JWT_PRIVATE_KEYS lists the same key twice');
  return keys;
}
