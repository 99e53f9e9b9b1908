/**
 * `npm start`: the whole product in one process on a real PostgreSQL. With DATABASE_URL it uses
 * that database; without, it runs an embedded PostgreSQL with data in $FICUS_DATA_DIR/postgres
 * (default .data/postgres). Then it applies migrations, builds and starts the gateway with every
 * context in-process, and on Ctrl-C/SIGTERM stops the app first (it drains), the database last.
 * Outside production, a missing JWT signing key is replaced by a development key kept in
 * $FICUS_DATA_DIR/keys.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { AppConfig } from '../../libs/common/src/config/app-config.js';
import { FICUS_APPS } from '../../apps/contexts.js';
import { registerApps } from '../../libs/common/src/contracts/app-registry.js';
import { loadEnvFile } from '../../libs/common/src/config/env-file.js';
import { loadConfig } from '../../libs/common/src/config/load-config.js';
import { applyAllMigrations, contextDatabaseUrls } from '../db/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-pg/index.js';
import { exitOf, startChildApp } from './child-app.js';
import { buildApps } from './build.js';
import { dataDirectory, onStopSignals, ROOT, say, withDevJwtKey } from './launcher.js';

// Before anything reads the environment: `.env` may set FICUS_DATA_DIR too.
loadEnvFile();
// The configuration the launcher checks is the apps' own, every context's settings included.
registerApps(FICUS_APPS);
const DATA_DIR = dataDirectory();

let app: ChildProcess | undefined;
let stopRequested = false;

// Until the app runs, a signal means "stop after the current step"; then it is the app's to handle.
function onSignal(signal: NodeJS.Signals): void {
  if (app) {
    app.kill(signal);
  } else if (!stopRequested) {
    stopRequested = true;
    say(`${signal} received: stopping before the app starts`);
  }
}

/** The gateway hosts auth unless AUTH_TRANSPORT moves it out; only then does it need the signing key. */
const hostsAuth = (env: NodeJS.ProcessEnv): boolean => (env.AUTH_TRANSPORT || 'local') === 'local';

async function database(env: NodeJS.ProcessEnv): Promise<{ embedded?: EmbeddedPostgres }> {
  // Through the app's own config, so DATABASE_URL_FILE counts and a bad value is reported as such.
  if (loadConfig(AppConfig, env).DATABASE_URL) {
    say('Using the database at DATABASE_URL');
    return {};
  }
  const dataDir = resolve(DATA_DIR, 'postgres');
  const embedded = await startEmbeddedPostgres({ dataDir, log: say });
  say(`Embedded PostgreSQL ready at ${embedded.url} (data in ${dataDir})`);
  return { embedded };
}

async function main(): Promise<number> {
  onStopSignals(onSignal);
  await buildApps(['gateway']);
  if (stopRequested) return 0;
  const baseEnv = hostsAuth(process.env) ? withDevJwtKey(process.env, DATA_DIR) : process.env;
  const { embedded } = await database(baseEnv);
  try {
    const env = embedded ? { ...baseEnv, DATABASE_URL: embedded.url } : baseEnv;
    await applyAllMigrations(contextDatabaseUrls(env), (message) => say(`migrations: ${message}`));
    if (stopRequested) return 0;
    // FICUS_APP_ENTRY lets the launcher's own tests run a placeholder instead of the gateway.
    app = startChildApp(resolve(ROOT, process.env.FICUS_APP_ENTRY ?? 'dist/apps/gateway/src/main.js'), env);
    return await exitOf(app);
  } finally {
    if (embedded) {
      await embedded.stop();
      say('Embedded PostgreSQL stopped');
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[ficus] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
