/**
 * What the launchers (`npm start`, `npm run start:split`) share: where the repository and the
 * data directory are, their `[ficus]` voice, signal handling and development
 * credentials.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppName } from '../../libs/common/src/contracts/service-calls.js';
import { ensureDevJwtKey, ensureDevServiceKeys } from './dev-keys.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `$FICUS_DATA_DIR`, default `.data`, relative to the repository. */
export const dataDirectory = (env: NodeJS.ProcessEnv = process.env): string => resolve(ROOT, env.FICUS_DATA_DIR ?? '.data');

export const say = (message: string): void => console.log(`[ficus] ${message}`);

/**
 * One Ctrl-C reaches a launcher twice under npm: from the terminal (same process group) and
 * relayed by npm. An app treats a second signal as "exit now, skip draining", so signals arriving
 * within a second of the last one handled are taken as that duplicate and dropped; a later
 * Ctrl-C is handled again (and then forces the exit).
 */
const DUPLICATE_SIGNAL_WINDOW_MS = 1000;

/**
 * Calls `handle` on SIGINT/SIGTERM, minus the duplicates described above. A closed terminal
 * (SIGHUP) counts as SIGTERM: the apps run in process groups of their own and never see the
 * hangup, so without this they would outlive the launcher and keep their ports.
 */
export function onStopSignals(handle: (signal: NodeJS.Signals) => void): void {
  let lastHandledAt = Number.NEGATIVE_INFINITY;
  const listener = (signal: NodeJS.Signals) => {
    if (Date.now() - lastHandledAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
    lastHandledAt = Date.now();
    handle(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  process.on('SIGHUP', listener);
}

const isSet = (env: NodeJS.ProcessEnv, name: string): boolean => Boolean(env[name]) || Boolean(env[`${name}_FILE`]);
const isProduction = (env: NodeJS.ProcessEnv): boolean => env.NODE_ENV === 'production';
/** A path as short as it can be said: relative when under the working directory. */
const shown = (file: string): string => {
  const inside = relative(process.cwd(), file);
  return inside && !inside.startsWith('..') ? inside : file;
};

/**
 * `env` plus AUTH_JWT_PRIVATE_KEYS_FILE pointing at the development key when no key is
 * configured. In production nothing is invented: the app's config validation reports the
 * missing key, as it would anywhere else.
 */
export function withDevJwtKey(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  if (isSet(env, 'AUTH_JWT_PRIVATE_KEYS') || isProduction(env)) return env;
  const file = ensureDevJwtKey(dataDir);
  say(`No AUTH_JWT_PRIVATE_KEYS set: auth signs tokens with the development key ${shown(file)}`);
  return { ...env, AUTH_JWT_PRIVATE_KEYS_FILE: file };
}

/**
 * Each app's environment plus its development key for messages between apps
 * (SERVICE_PRIVATE_KEYS_FILE) and every app's public key (SERVICE_PUBLIC_KEYS), when no service
 * key is configured. In production nothing is invented: the apps' config validation reports it.
 */
export function withDevServiceKeys<A extends AppName>(envs: Record<A, NodeJS.ProcessEnv>, dataDir: string): Record<A, NodeJS.ProcessEnv> {
  const configured = Object.values<NodeJS.ProcessEnv>(envs).some((env) => isSet(env, 'SERVICE_PRIVATE_KEYS') || isSet(env, 'SERVICE_PUBLIC_KEYS') || isProduction(env));
  if (configured) return envs;
  const { keyFiles, publicKeys } = ensureDevServiceKeys(dataDir);
  say(`No service keys set: each app signs its messages with its development key, ${shown(resolve(dataDir, 'keys'))}/service-<app>.pem`);
  const entries = Object.entries<NodeJS.ProcessEnv>(envs).map(([app, env]) => [app, { ...env, SERVICE_PRIVATE_KEYS_FILE: keyFiles[app as A], SERVICE_PUBLIC_KEYS: publicKeys }]);
  return Object.fromEntries(entries) as Record<A, NodeJS.ProcessEnv>;
}
