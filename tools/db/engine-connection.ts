import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Client, Pool, type PoolClient, type QueryResult } from 'pg';

const CHAR_OID = 18;
const TEXT_OID = 25;

/** Postgres identifiers we create or point search_path at; anything else is refused. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must match ${IDENTIFIER}`);
}

/**
 * The engine's introspection selects `pg_constraint.contype`, whose type `"char"` adapter-pg
 * cannot map; its value is a one-letter string either way, so report it as text.
 */
type Callback = (error: Error | null, result?: QueryResult) => void;

function relabel(result?: QueryResult): QueryResult | undefined {
  for (const field of result?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  return result;
}

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
  assertIdentifier(schema, 'Schema');
  const pool = new Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0, options: `-c search_path="${schema}"` });
  pool.on('connect', reportCharAsText);
  return pool;
}

/** adapter-pg splits scripts on every `;`, breaking `$$` bodies and atomicity: send them whole. */
function sendScriptsWhole(adapter: SqlDriverAdapter, pool: Pool): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

/** Creates a database on the server of `url` and returns its URL; the caller drops it. */
async function createTemporaryDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ficus_shadow_${randomUUID().replaceAll('-', '')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const shadowUrl = new URL(url);
  shadowUrl.pathname = `/${name}`;
  return {
    url: shadowUrl.toString(),
    drop: async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Empties an explicitly configured shadow database, which the wasm engine does not reset. */
async function resetDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname.replaceAll('"', '""')}" CASCADE`);
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

export interface EngineConnection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Ends the session and removes any temporary shadow database. */
  close(): Promise<void>;
}

/**
 * A driver-adapter factory for the wasm schema engine, working around adapter-pg's quirks:
 * `?schema=` is not applied (we set search_path and create the schema), and its shadow database
 * is really the main one (we create a temporary database, or reset `shadowUrl`).
 */
export async function openEngineConnection(url: string, schema: string, shadowUrl?: string): Promise<EngineConnection> {
  if (shadowUrl && new URL(shadowUrl).pathname === new URL(url).pathname && new URL(shadowUrl).host === new URL(url).host) {
    throw new Error('SHADOW_DATABASE_URL must name a different database than the one being migrated');
  }
  const pool = createEnginePool(url, schema);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const main = new PrismaPg(pool, { schema });
  const cleanups: (() => Promise<void>)[] = [async () => pool.end()];

  const connectToShadowDb = async (): Promise<SqlDriverAdapter> => {
    let target = shadowUrl;
    if (target) await resetDatabase(target);
    else {
      const temporary = await createTemporaryDatabase(url);
      target = temporary.url;
      cleanups.push(temporary.drop);
    }
    const shadowPool = createEnginePool(target, schema);
    await shadowPool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    cleanups.unshift(async () => shadowPool.end());
    return sendScriptsWhole(await new PrismaPg(shadowPool, { schema }).connect(), shadowPool);
  };

  return {
    factory: {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: async () => sendScriptsWhole(await main.connect(), pool),
      connectToShadowDb,
    },
    close: async () => {
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    },
  };
}
