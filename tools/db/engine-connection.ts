import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Pool, type PoolClient, type QueryResult } from 'pg';
// The file itself, not the lib's index: that one pulls in Nest, which tools/db does not need.
import { searchPathOption } from '../../libs/common/src/database/prisma-adapter.js';
import { assertDistinctShadow, createTemporaryDatabase, resetDatabase, type ShadowDatabase } from './shadow-database.js';

const CHAR_OID = 18;
const TEXT_OID = 25;

type Callback = (error: Error | null, result?: QueryResult) => void;

function relabel(result?: QueryResult): QueryResult | undefined {
  for (const field of result?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  return result;
}

/**
 * The engine's introspection selects `pg_constraint.contype`, whose type `"char"` adapter-pg
 * cannot map; its value is a one-letter string either way, so report it as text.
 */
function reportCharAsText(client: PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<QueryResult> | undefined;
  // pg's Pool calls the callback form; adapter code calls the promise form.
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as Callback;
      return query(...args.slice(0, -1), (error: Error | null, result?: QueryResult) => callback(error, relabel(result)));
    }
    return query(...args)?.then(relabel);
  };
}

/**
 * One session per engine: the engine takes a session-level advisory lock and never releases it
 * explicitly, so lock and migration must share one connection that is never recycled.
 */
export function createEnginePool(url: string, schema: string): Pool {
  const pool = new Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0, options: searchPathOption(schema) });
  pool.on('connect', reportCharAsText);
  // adapter-pg removes its own error listener from a pool it did not create when the engine
  // disposes the adapter; without this one, a connection the server ends while we close (the
  // temporary shadow database is dropped WITH FORCE) would crash the process. Query errors still
  // reach their callers; this only covers idle connections.
  pool.on('error', () => undefined);
  return pool;
}

/** adapter-pg splits scripts on every `;`, breaking `$$` bodies and atomicity: send them whole. */
function sendScriptsWhole(adapter: SqlDriverAdapter, pool: Pool): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

/** The engine's view of a database: a driver-adapter factory bound to one session. */
export interface EngineConnection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Ends the sessions and removes any temporary shadow database. */
  close(): Promise<void>;
}

/** How `openEngineConnection` gets its shadow database. */
export interface EngineConnectionOptions {
  /** A database the engine may wipe; a temporary one is created when absent. */
  shadowUrl?: string;
}

/**
 * A driver-adapter factory for the wasm schema engine, working around adapter-pg's quirks:
 * `?schema=` is not applied (we set search_path and create the schema), and its shadow database
 * is really the main one (we create a temporary database, or reset `shadowUrl`).
 */
export async function openEngineConnection(url: string, schema: string, options: EngineConnectionOptions = {}): Promise<EngineConnection> {
  const { shadowUrl } = options;
  if (shadowUrl) assertDistinctShadow(url, shadowUrl);
  const pool = createEnginePool(url, schema);
  const pools: Pool[] = [pool];
  const shadows: ShadowDatabase[] = [];
  const close = async () => {
    // Sessions first, databases after: dropping a database waits for (or kills) its sessions.
    for (const open of pools) await open.end().catch(() => undefined);
    for (const shadow of shadows) await shadow.drop().catch(() => undefined);
  };
  try {
    // The engine creates the schema itself on every command (status included, as the native
    // engine does); doing it first keeps our own queries off a search_path that points nowhere.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    await close();
    throw error;
  }
  const main = new PrismaPg(pool, { schema });

  const connectToShadowDb = async (): Promise<SqlDriverAdapter> => {
    const shadow = shadowUrl ? await resetDatabase(shadowUrl) : await createTemporaryDatabase(url);
    shadows.push(shadow);
    const shadowPool = createEnginePool(shadow.url, schema);
    pools.push(shadowPool);
    await shadowPool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    return sendScriptsWhole(await new PrismaPg(shadowPool, { schema }).connect(), shadowPool);
  };

  return {
    factory: {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: async () => sendScriptsWhole(await main.connect(), pool),
      connectToShadowDb,
    },
    close,
  };
}
