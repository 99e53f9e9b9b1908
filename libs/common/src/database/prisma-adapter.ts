import { PrismaPg } from '@prisma/adapter-pg';
import type { PoolConfig } from 'pg';
import { databasePoolSize, type ContextDatabaseOptions } from './context-database.js';
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
 * exactly what the Prisma CLI does for `?schema=` and what tools/db migrates into.
 */
export function contextPoolConfig({ url, schema, poolSize }: ContextDatabaseOptions): PoolConfig {
  return {
    connectionString: url,
    max: poolSize ?? databasePoolSize(),
    options: searchPathOption(schema),
    // Fail a request quickly rather than queue it forever behind an unreachable server.
    connectionTimeoutMillis: 5000,
  };
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
