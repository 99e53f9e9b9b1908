/**
 * `npm run start:split`: the product as four processes — auth, todos and ai each serving its
 * context over NATS, and the gateway reaching all three over NATS — against the PostgreSQL,
 * Redis and NATS named by DATABASE_URL, REDIS_URL and NATS_URL. It builds the apps, creates the
 * database if needed, applies migrations, starts the contexts, and once each has printed its
 * "listening on" line starts the gateway (so the gateway's first requests find subscribers).
 * Ctrl-C/SIGTERM stops the gateway first, then the contexts; one child exiting on its own stops
 * the rest and the launcher exits 1.
 */
import { resolve } from 'node:path';
import { FICUS_APPS } from '../../apps/contexts.js';
import { registerApps } from '../../libs/common/src/contracts/app-registry.js';
import type { AppName } from '../../libs/common/src/contracts/service-calls.js';
import { loadEnvFile } from '../../libs/common/src/config/env-file.js';
import { applyAllMigrations, contextDatabaseUrls } from '../db/index.js';
import { ensureDatabases } from './ensure-databases.js';
import { buildApps } from './build.js';
import { dataDirectory, onStopSignals, ROOT, say, withDevJwtKey, withDevServiceKeys } from './launcher.js';
import { ProcessGroup } from './process-group.js';

// Before anything reads the environment: `.env` may set FICUS_DATA_DIR too.
loadEnvFile();
// The configuration the launcher checks is the apps' own, every context's settings included.
registerApps(FICUS_APPS);
const DATA_DIR = dataDirectory();
/** The contexts' apps, then the edge: the order they start in. */
const CONTEXTS = FICUS_APPS.contexts.map((context) => context.name);
const APPS = [...CONTEXTS, FICUS_APPS.edge.name];

/** Local services, as `.ci/run` and a developer's machine usually have them. */
const SERVICE_DEFAULTS = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/ficus',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NATS_URL: 'nats://127.0.0.1:4222',
};
const JWT_KEY_VARIABLES = ['AUTH_JWT_PRIVATE_KEYS', 'AUTH_JWT_PRIVATE_KEYS_FILE'];
const START_TIMEOUT_MS = 60_000;

/** FICUS_SPLIT_ENTRY_DIR lets the launcher's own tests run placeholders (`<app>.js`) instead of dist/. */
const entryOf = (app: AppName): string =>
  process.env.FICUS_SPLIT_ENTRY_DIR ? resolve(ROOT, process.env.FICUS_SPLIT_ENTRY_DIR, `${app}.js`) : resolve(ROOT, `dist/apps/${app}/src/main.js`);

function basePort(): number {
  const raw = process.env.FICUS_SPLIT_BASE_PORT ?? '3100';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65532) throw new Error(`FICUS_SPLIT_BASE_PORT must be a port number up to 65532, not "${raw}"`);
  return port;
}

/** What every process gets: the services, every context on NATS; no signing key. */
function sharedEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(SERVICE_DEFAULTS)) if (!env[name] && !env[`${name}_FILE`]) env[name] = value;
  for (const context of CONTEXTS) env[`${context.toUpperCase()}_TRANSPORT`] = 'nats';
  // The private key belongs to the process hosting auth only (added back for it below).
  for (const name of JWT_KEY_VARIABLES) delete env[name];
  return env;
}

/**
 * Each app's environment: its own HTTP port for /health, /ready and /metrics, its own key for
 * messages between apps; the token signing key for auth.
 */
function appEnvironments(shared: NodeJS.ProcessEnv): Record<AppName, NodeJS.ProcessEnv> {
  const base = basePort();
  const key = Object.fromEntries(JWT_KEY_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  return withDevServiceKeys(
    {
      auth: withDevJwtKey({ ...shared, ...key, PORT: String(base + 1) }, DATA_DIR),
      todos: { ...shared, PORT: String(base + 2) },
      ai: { ...shared, PORT: String(base + 3) },
      gateway: { ...shared, PORT: process.env.PORT || '3000' },
    },
    DATA_DIR,
  );
}

const group = new ProcessGroup({
  names: APPS,
  colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  startTimeoutMs: START_TIMEOUT_MS,
  log: say,
});

// Before the apps run, a signal means "stop after the current step"; then it stops them, the
// gateway first. A second (non-duplicate) one tells whatever still runs to exit at once.
function onSignal(signal: NodeJS.Signals): void {
  if (!group.isStopping) {
    say(`${signal} received: stopping`);
    void group.stop();
  } else if (group.forceStop() > 0) {
    say(`${signal} received again: told the apps still running to exit now`);
  }
}

async function startApps(envs: Record<AppName, NodeJS.ProcessEnv>): Promise<void> {
  try {
    await Promise.all(CONTEXTS.map((context) => group.start(context, entryOf(context), envs[context]).listening));
    if (group.isStopping) return;
    const gateway = group.start('gateway', entryOf('gateway'), envs.gateway, 1);
    say(`All apps are up (contexts on NATS): API at ${await gateway.listening}`);
  } catch (error) {
    // A stop (signal or a child's exit) already explains itself; anything else is the reason.
    if (!group.isStopping) group.fail(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<number> {
  onStopSignals(onSignal);
  await buildApps(APPS);
  if (group.isStopping) return 0;
  const shared = sharedEnvironment();
  const envs = appEnvironments(shared);
  // The gateway's environment is complete (service keys included), so its config validates.
  const urls = contextDatabaseUrls(envs.gateway);
  for (const name of await ensureDatabases(Object.values(urls))) say(`Created database ${name}`);
  await applyAllMigrations(urls, (message) => say(`migrations: ${message}`));
  if (group.isStopping) return 0;
  await startApps(envs);
  return group.result();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[ficus] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
