import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolConfig } from 'pg';
import { databasePoolSize, type ContextDatabaseOptions } from './context-database.js';

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

/**
 * A pg pool for a context (for raw SQL or to share with `PrismaPg`). The caller ends it.
 * Errors of idle connections (server restart, failover) are swallowed here: pg would otherwise
 * throw them as an unhandled 'error' event; the next query reports the problem instead.
 */
export function createContextPool(options: ContextDatabaseOptions): Pool {
  const pool = new Pool(contextPoolConfig(options));
  pool.on('error', () => undefined);
  return pool;
}

/**
 * The driver adapter a context's generated PrismaClient runs on. The adapter owns its pool
 * (created on `$connect`, ended by `$disconnect`), whose search_path is the context's schema.
 */
export function createPrismaAdapter(options: ContextDatabaseOptions): PrismaPg {
  // `schema` also tells the query compiler which schema the tables are in.
  return new PrismaPg(contextPoolConfig(options), { schema: options.schema });
}
