/**
 * `npm run keys`: the development credentials the launchers use, made once in
 * `$FICUS_DATA_DIR/keys` and reused after — the auth token signing key, a service key per app
 * with the list of their public keys, and NATS passwords and those keys for docker compose — and where they are.
 */
import { dataDirectory, say } from './launcher.js';
import { devServicePublicKeysPath, ensureDevComposeEnv, ensureDevJwtKey, ensureDevServiceKeys } from './dev-keys.js';

const dataDir = dataDirectory();
say(`Token signing key (AUTH_JWT_PRIVATE_KEYS_FILE): ${ensureDevJwtKey(dataDir)}`);
for (const [app, file] of Object.entries(ensureDevServiceKeys(dataDir).keyFiles)) say(`Service key of ${app} (SERVICE_PRIVATE_KEYS_FILE): ${file}`);
say(`Every app's public key (SERVICE_PUBLIC_KEYS_FILE): ${devServicePublicKeysPath(dataDir)}`);
say(`NATS passwords and keys for docker compose: docker compose --env-file ${ensureDevComposeEnv(dataDir)} up --build`);
