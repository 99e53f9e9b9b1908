import { Client } from 'pg';

/** Runs `run` on a short-lived connection to `url`, always closing it. */
export async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  // A server-side error on this short-lived connection must reject, not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The database a URL names. */
export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** The same server and credentials as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}

/** A Postgres identifier, quoted. */
export const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A database created next to the one at `serverUrl`; `drop` removes it, closing its sessions. */
export interface CreatedDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates database `name` on the server of `serverUrl` (through that URL's connection). */
export async function createDatabase(serverUrl: string, name: string): Promise<CreatedDatabase> {
  await withClient(serverUrl, async (client) => void (await client.query(`CREATE DATABASE ${quoted(name)}`)));
  return {
    url: withDatabase(serverUrl, name),
    // FORCE: sessions (an engine's, a test's pool) may not have gone away yet when we clean up.
    drop: () => withClient(serverUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`))),
  };
}
