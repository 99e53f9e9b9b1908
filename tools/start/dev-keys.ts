/**
 * Development credentials for the launchers, made once per data directory and reused after, so
 * tokens and inter-service signatures stay valid across restarts. Never used in production: there
 * the apps' config validation must complain about a missing key instead.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the development ES256 signing key of the auth context lives. */
export const devJwtKeyPath = (dataDir: string): string => resolve(dataDir, 'keys', 'auth-jwt-es256.pem');

/** Where the development inter-service secret lives. */
export const devServiceSecretPath = (dataDir: string): string => resolve(dataDir, 'keys', 'service-secret');

const isExistsError = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'EEXIST';

/**
 * Writes `file` with `create()`'s content unless it exists. The content goes to a private
 * temporary file first and is hard-linked into place, which fails if the file exists: two
 * launchers starting together end up with the same complete key, never a half-written or
 * overwritten one. 0600 because these are private keys, even if only for development.
 */
function ensureSecretFile(file: string, create: () => string): void {
  if (existsSync(file)) return;
  const keysDir = resolve(file, '..');
  // Only the keys' own directory is private. A recursive mkdir would give the data directory
  // 0700 too, and the embedded database's postgres user (when started as root) must enter it.
  mkdirSync(resolve(keysDir, '..'), { recursive: true });
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(draft, create(), { mode: 0o600 });
    linkSync(draft, file);
  } catch (error) {
    if (!isExistsError(error)) throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Path of `<dataDir>/keys/auth-jwt-es256.pem`: an EC P-256 private key (PKCS#8 PEM), made on first use. */
export function ensureDevJwtKey(dataDir: string): string {
  const file = devJwtKeyPath(dataDir);
  ensureSecretFile(file, () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  });
  return file;
}

/** The secret in `<dataDir>/keys/service-secret` (64 hex characters), made on first use. */
export function devServiceSecret(dataDir: string): string {
  const file = devServiceSecretPath(dataDir);
  ensureSecretFile(file, () => `${randomBytes(32).toString('hex')}\n`);
  return readFileSync(file, 'utf8').trim();
}
