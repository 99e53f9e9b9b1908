import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../tools/embedded-pg/index.js';
import { anyFreePort } from '../../../tools/embedded-pg/free-port.js';
import { applyAllMigrations, contextDatabaseUrls } from '../../../tools/db/index.js';

/**
 * A private PostgreSQL cluster (the embedded binaries, its own data directory and port) that a
 * fault test may stop, restart and cut connections of. Never the shared server.
 */
export interface ThrowawayPostgres {
  /** URL of its migrated database (every context's schema). */
  readonly url: string;
  readonly port: number;
  /** Fast shutdown: every connection is cut (57P01), new ones are refused. */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port. */
  start(): Promise<void>;
  /** `pg_terminate_backend` on every other connection to the database; resolves how many. */
  terminateBackends(): Promise<number>;
  /** Runs SQL on a connection of its own (for holding locks, say); end() the client after. */
  connect(): Promise<Client>;
  /** Stops it for good and deletes the data. */
  destroy(): Promise<void>;
}

const DATABASE = 'ficus_test_faults';

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'ficus-pg-'));
  // As root the server runs as `postgres`, which must be able to enter the directory.
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const port = await anyFreePort();
  let server: EmbeddedPostgres | undefined = await startEmbeddedPostgres({ dataDir, port });
  // A name with "test" in it: the test setup refuses any other database.
  const url = await createDatabase(server.serverUrl, DATABASE);
  await applyAllMigrations(contextDatabaseUrls({ DATABASE_URL: url }));
  const connect = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return client;
  };
  const stop = async () => {
    await server?.stop();
    server = undefined;
  };
  return {
    url,
    port,
    stop,
    start: async () => {
      server ??= await startEmbeddedPostgres({ dataDir, port });
    },
    terminateBackends: async () => {
      const client = await connect();
      try {
        const { rows } = await client.query<{ terminated: boolean }>(
          'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = $1',
          ['client backend'],
        );
        return rows.filter((row) => row.terminated).length;
      } finally {
        await client.end();
      }
    },
    connect,
    destroy: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
