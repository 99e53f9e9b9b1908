/**
 * Development credentials for the launchers, made once per data directory and reused after, so
 * tokens and inter-service signatures stay valid across restarts. Never used in production: there
 * the apps' config validation must complain about a missing key instead.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FICUS_APPS } from '../../apps/contexts.js';
import { appNamesOf } from '../../libs/common/src/contracts/context-descriptor.js';
import type { AppName } from '../../libs/common/src/contracts/service-calls.js';

/** Every app, each with a key of its own. */
const APPS = appNamesOf(FICUS_APPS);

/** Where the development ES256 signing key of the auth context lives. */
export const devJwtKeyPath = (dataDir: string): string => resolve(dataDir, 'keys', 'auth-jwt-es256.pem');

/** Where the development key of app `app` for messages between apps lives. */
export const devServiceKeyPath = (dataDir: string, app: AppName): string => resolve(dataDir, 'keys', `service-${app}.pem`);

/** Where the NATS passwords and keys for docker compose live (`docker compose --env-file <this>`). */
export const devComposeEnvPath = (dataDir: string): string => resolve(dataDir, 'keys', 'compose.env');

/** Where the public keys of the development service keys are listed (SERVICE_PUBLIC_KEYS, for docker compose). */
export const devServicePublicKeysPath = (dataDir: string): string => resolve(dataDir, 'keys', 'service-public-keys');

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

/** A new X25519 private key for messages between apps, as SERVICE_PRIVATE_KEYS takes it (PKCS#8 PEM). */
export function newServiceKey(): string {
  return generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** The SERVICE_PUBLIC_KEYS entry of app `app` whose private key is `privateKeyPem`. */
export function servicePublicKeyEntry(app: AppName, privateKeyPem: string): string {
  return `${app}:${createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'der', type: 'spki' }).toString('base64')}`;
}

/** SERVICE_PUBLIC_KEYS for apps whose private keys are given: one entry each, comma-separated. */
export function servicePublicKeys(privateKeys: Partial<Record<AppName, string>>): string {
  return Object.entries(privateKeys).map(([app, pem]) => servicePublicKeyEntry(app as AppName, pem ?? '')).join(',');
}

/**
 * The development service keys: one X25519 key per app in `<dataDir>/keys/service-<app>.pem`
 * (made on first use), and their public keys, also written to `<dataDir>/keys/service-public-keys`
 * one per line (for docker compose).
 */
export function ensureDevServiceKeys(dataDir: string): { keyFiles: Record<AppName, string>; publicKeys: string } {
  const keyFiles = Object.fromEntries(APPS.map((app) => [app, devServiceKeyPath(dataDir, app)])) as Record<AppName, string>;
  for (const file of Object.values(keyFiles)) ensureSecretFile(file, newServiceKey);
  const publicKeys = servicePublicKeys(Object.fromEntries(APPS.map((app) => [app, readFileSync(keyFiles[app], 'utf8')])));
  writeFileSync(devServicePublicKeysPath(dataDir), `${publicKeys.split(',').join('\n')}\n`);
  return { keyFiles, publicKeys };
}

/** Variables of a compose env file, as `NAME="value"` with newlines written `\n` (compose reads them back). */
const composeEnvLines = (variables: Record<string, string>): string =>
  Object.entries(variables)
    .map(([name, value]) => `${name}="${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"\n`)
    .join('');

/**
 * `<dataDir>/keys/compose.env` for `docker compose --env-file`, made on first use: a NATS
 * password per app (NATS_<APP>_PASSWORD), which compose gives to nats-server and to its app.
 * Letters and digits, a letter first: nats-server reads the variables as configuration values,
 * where a leading digit would make a number. Then the development keys as compose takes them,
 * in variables (FICUS_AUTH_JWT_KEY, FICUS_SERVICE_KEY_<APP>, FICUS_SERVICE_PUBLIC_KEYS): compose
 * writes secrets from variables into each container for its user, whoever owns the key files.
 * A file from before the keys were in it keeps its passwords and gets the keys added.
 */
export function ensureDevComposeEnv(dataDir: string): string {
  const file = devComposeEnvPath(dataDir);
  ensureSecretFile(file, () => APPS.map((app) => `NATS_${app.toUpperCase()}_PASSWORD=p${randomBytes(16).toString('hex')}\n`).join(''));
  if (!readFileSync(file, 'utf8').includes('FICUS_SERVICE_PUBLIC_KEYS=')) {
    const { keyFiles, publicKeys } = ensureDevServiceKeys(dataDir);
    const keys: Record<string, string> = { FICUS_AUTH_JWT_KEY: readFileSync(ensureDevJwtKey(dataDir), 'utf8') };
    for (const app of APPS) keys[`FICUS_SERVICE_KEY_${app.toUpperCase()}`] = readFileSync(keyFiles[app], 'utf8');
    keys.FICUS_SERVICE_PUBLIC_KEYS = publicKeys;
    appendFileSync(file, composeEnvLines(keys));
  }
  return file;
}
