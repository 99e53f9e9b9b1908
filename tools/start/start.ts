/**
 * `npm start`: the whole product in one process on a real PostgreSQL. With DATABASE_URL it uses
 * that database; without, it runs an embedded PostgreSQL with data in $FICUS_DATA_DIR/postgres
 * (default .data/postgres). Then it applies migrations, builds and starts the gateway with every
 * context in-process, and on Ctrl-C/SIGTERM stops the app first (it drains), the database last.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppConfig } from '../../libs/common/src/config/app-config.js';
import { loadConfig } from '../../libs/common/src/config/load-config.js';
import { applyAllMigrations, contextDatabaseUrls } from '../db/index.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-pg/index.js';
import { exitOf, startChildApp } from './child-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA_DIR = resolve(ROOT, process.env.FICUS_DATA_DIR ?? '.data');
const say = (message: string) => console.log(`[ficus] ${message}`);

let app: ChildProcess | undefined;
let stopRequested = false;
let lastForwardedAt = 0;

/**
 * One Ctrl-C reaches us twice under `npm start`: from the terminal (same process group) and
 * relayed by npm. The app treats a second signal as "exit now, skip draining", so signals
 * arriving within a second of a forwarded one are taken as that duplicate and dropped; a later
 * Ctrl-C is forwarded and still forces the exit.
 */
const DUPLICATE_SIGNAL_WINDOW_MS = 1000;

// Until the app runs, a signal means "stop after the current step"; then it is the app's to handle.
function onSignal(signal: NodeJS.Signals): void {
  if (app) {
    if (Date.now() - lastForwardedAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
    lastForwardedAt = Date.now();
    app.kill(signal);
  } else if (!stopRequested) {
    stopRequested = true;
    say(`${signal} received: stopping before the app starts`);
  }
}

function build(): void {
  say('Building the gateway…');
  const result = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'gateway'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the build failed (exit code ${result.status})`);
}

async function database(): Promise<{ embedded?: EmbeddedPostgres }> {
  // Through the app's own config, so DATABASE_URL_FILE counts and a bad value is reported as such.
  if (loadConfig(AppConfig).DATABASE_URL) {
    say('Using the database at DATABASE_URL');
    return {};
  }
  const dataDir = resolve(DATA_DIR, 'postgres');
  const embedded = await startEmbeddedPostgres({ dataDir, log: say });
  say(`Embedded PostgreSQL ready at ${embedded.url} (data in ${dataDir})`);
  return { embedded };
}

async function main(): Promise<number> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (process.env.FICUS_SKIP_BUILD !== '1') build();
  if (stopRequested) return 0;
  const { embedded } = await database();
  try {
    const env = embedded ? { ...process.env, DATABASE_URL: embedded.url } : process.env;
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
