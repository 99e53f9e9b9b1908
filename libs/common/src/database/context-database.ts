// Which database and schema a context uses, shared by the apps (at run time) and tools/db and
// the npm start launcher, so all of them agree — and all read it through the one validated
// configuration (AppConfig: validation, `<NAME>_FILE` secrets). No Nest or pg imports on purpose.
import { AppConfig } from '../config/app-config.js';
import type { ContextName } from '../config/contexts.js';
import { loadConfig } from '../config/load-config.js';
import { declareContextDatabases } from '../config/platform.settings.js';

/** Connections per context pool when `DATABASE_POOL_SIZE` is not set. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * A context's database URL: `<CONTEXT>_DATABASE_URL` (e.g. `TODOS_DATABASE_URL`), else
 * `DATABASE_URL` (either may come from a `_FILE`); `undefined` when neither is set.
 * Throws a ConfigError listing every invalid variable.
 */
export function contextDatabaseUrl(context: ContextName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  // Asking for a context's database declares its setting, also in tools that register no apps.
  declareContextDatabases([context]);
  return loadConfig(AppConfig, env).databaseUrlFor(context);
}

/** `DATABASE_POOL_SIZE` (1–1000, default 10), validated with the rest of the configuration. */
export function databasePoolSize(env: NodeJS.ProcessEnv = process.env): number {
  return loadConfig(AppConfig, env).DATABASE_POOL_SIZE;
}

/** How long database work may wait, in milliseconds (`DATABASE_*_TIMEOUT_MS`). */
export interface DatabaseTimeouts {
  /** For a pooled connection, a new one included. */
  poolMs: number;
  /** For one statement to finish (PostgreSQL `statement_timeout`). */
  statementMs: number;
  /** For a lock (PostgreSQL `lock_timeout`). */
  lockMs: number;
}

/** The `DATABASE_*_TIMEOUT_MS` settings of a loaded configuration. */
export function databaseTimeouts(config: AppConfig): DatabaseTimeouts {
  return { poolMs: config.DATABASE_POOL_TIMEOUT_MS, statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS, lockMs: config.DATABASE_LOCK_TIMEOUT_MS };
}

/** What a context's pool needs: URL, Postgres schema, pool size and timeouts. */
export interface ContextDatabaseOptions {
  url: string;
  /** The context's Postgres schema (`auth`, `todos`, …). */
  schema: string;
  /** Connections in the pool; defaults to `DATABASE_POOL_SIZE`, else 10. */
  poolSize?: number;
  /** Defaults to the `DATABASE_*_TIMEOUT_MS` settings of the environment. */
  timeouts?: DatabaseTimeouts;
}

/**
 * A context's database settings from a loaded configuration: its URL (`<CONTEXT>_DATABASE_URL`,
 * else `DATABASE_URL`), the schema named after the context, `DATABASE_POOL_SIZE` and the
 * timeouts. Throws when no URL is set.
 */
export function contextDatabaseSettings(config: AppConfig, context: ContextName): Required<ContextDatabaseOptions> {
  const url = config.databaseUrlFor(context);
  if (!url) throw new Error(`No database configured for ${context}: set DATABASE_URL or ${context.toUpperCase()}_DATABASE_URL`);
  return { url, schema: context, poolSize: config.DATABASE_POOL_SIZE, timeouts: databaseTimeouts(config) };
}

/** `contextDatabaseSettings` of the configuration in `env`. */
export function contextDatabaseOptions(context: ContextName, env: NodeJS.ProcessEnv = process.env): Required<ContextDatabaseOptions> {
  declareContextDatabases([context]);
  return contextDatabaseSettings(loadConfig(AppConfig, env), context);
}
