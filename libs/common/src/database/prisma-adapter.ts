import { PrismaPg } from '@prisma/adapter-pg';
import type { PoolConfig } from 'pg';
import { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { databaseTimeouts, type ContextDatabaseOptions, type DatabaseTimeouts } from './context-database.js';
import { ContextPool } from './context-pool.js';
import { databaseOutageLog } from './database-outage.js';

/** Only plain identifiers: the schema goes into a connection option, unescaped by pg. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The pg connection option that makes `schema` the search_path of every new connection — how
 * both the apps' pools and the migration tool's engine session land in a context's schema.
 */
export function searchPathOption(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  return `-c search_path="${schema}"`;
}

/**
 * pg settings for a context's pool. adapter-pg ignores `?schema=` in the URL, so the schema is
 * made the connection's search_path at startup (before any query, on every new connection),
 * exactly what the Prisma CLI does for `?schema=` and what tools/db migrates into. The time
 * limits are the session's too: no statement, and no wait for a lock (a user's create lock
 * included), holds a pooled connection longer than its limit.
 */
export function contextPoolConfig(options: ContextDatabaseOptions): PoolConfig {
  const { poolSize, timeouts } = sizing(options);
  return {
    connectionString: options.url,
    max: poolSize,
    options: searchPathOption(options.schema),
    // Fail a request quickly rather than queue it behind a full pool or an unreachable server.
    connectionTimeoutMillis: timeouts.poolMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
  };
}

/** The pool size and timeouts of `options`, those not given from the environment's configuration. */
function sizing({ poolSize, timeouts }: ContextDatabaseOptions): { poolSize: number; timeouts: DatabaseTimeouts } {
  if (poolSize !== undefined && timeouts !== undefined) return { poolSize, timeouts };
  const config = loadConfig(AppConfig);
  return { poolSize: poolSize ?? config.DATABASE_POOL_SIZE, timeouts: timeouts ?? databaseTimeouts(config) };
}

/** A context's pg pool (for raw SQL, and under its Prisma client); see ContextPool. The caller ends it. */
export function createContextPool(options: ContextDatabaseOptions): ContextPool {
  return new ContextPool(contextPoolConfig(options), databaseOutageLog(options.url));
}

/**
 * The driver adapter a context's generated PrismaClient runs on, over `pool` (by default a new
 * context pool); `$disconnect` ends the pool. Every context's Prisma client and raw queries
 * thus share one kind of pool, with one way of failing.
 */
export function createPrismaAdapter(options: ContextDatabaseOptions, pool = createContextPool(options)): PrismaPg {
  // `schema` also tells the query compiler which schema the tables are in.
  return new PrismaPg(pool, { schema: options.schema, disposeExternalPool: true });
}
