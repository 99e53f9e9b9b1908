import { databaseName, quoted, withClient, withDatabase } from '../db/databases.js';

/** PostgreSQL's duplicate_database: another launcher created it between our check and CREATE. */
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates each database the URLs name that does not exist yet (through the server's `postgres`
 * maintenance database, as createdb does); returns the names it created. Migrations need the
 * database to exist, and against a shared server a developer should not have to run createdb.
 */
export async function ensureDatabases(urls: readonly string[]): Promise<string[]> {
  const created: string[] = [];
  for (const url of new Set(urls)) {
    const name = databaseName(url);
    await withClient(withDatabase(url, 'postgres'), async (client) => {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
      try {
        await client.query(`CREATE DATABASE ${quoted(name)}`);
        created.push(name);
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === DUPLICATE_DATABASE)) throw error;
      }
    });
  }
  return created;
}
