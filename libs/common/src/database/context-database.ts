// Environment conventions shared by the apps (at run time) and tools/db (migrations), so both
// always agree on which database and schema a context uses. No Nest or pg imports on purpose.

/** Connections per context pool when `DATABASE_POOL_SIZE` is not set. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * A context's database URL: `<CONTEXT>_DATABASE_URL` (e.g. `TODOS_DATABASE_URL`), else
 * `DATABASE_URL`; `undefined` when neither is set. An empty variable counts as unset.
 */
export function contextDatabaseUrl(context: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`${context.toUpperCase()}_DATABASE_URL`] || env.DATABASE_URL || undefined;
}

/** Same bound as AppConfig's validation of the variable. */
const MAX_POOL_SIZE = 1000;

/** `DATABASE_POOL_SIZE` as an integer 1–1000 (default 10); throws on anything else. */
export function databasePoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DATABASE_POOL_SIZE?.trim();
  if (!raw) return DEFAULT_POOL_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_POOL_SIZE) {
    throw new Error(`DATABASE_POOL_SIZE must be an integer from 1 to ${MAX_POOL_SIZE}, got "${raw}"`);
  }
  return size;
}

/** What a context's pool needs: URL, Postgres schema and pool size. */
export interface ContextDatabaseOptions {
  url: string;
  /** The context's Postgres schema (`auth`, `todos`, …). */
  schema: string;
  /** Connections in the pool; defaults to `DATABASE_POOL_SIZE`, else 10. */
  poolSize?: number;
}

/**
 * A context's database settings from the environment: its URL (see `contextDatabaseUrl`),
 * the schema named after the context, and `DATABASE_POOL_SIZE`. Throws when no URL is set.
 */
export function contextDatabaseOptions(context: string, env: NodeJS.ProcessEnv = process.env): Required<ContextDatabaseOptions> {
  const url = contextDatabaseUrl(context, env);
  if (!url) throw new Error(`No database configured for ${context}: set DATABASE_URL or ${context.toUpperCase()}_DATABASE_URL`);
  return { url, schema: context, poolSize: databasePoolSize(env) };
}
