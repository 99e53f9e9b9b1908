import { generateKeyPairSync } from 'node:crypto';

/** A fresh ES256 signing key as auth reads it from AUTH_JWT_PRIVATE_KEYS (PKCS#8 PEM). */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}
