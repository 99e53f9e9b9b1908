import { randomBytes } from 'node:crypto';
import { createDatabase, databaseName, quoted, withClient } from './databases.js';

/** A database the engine may wipe while replaying migrations, and how to get rid of it. */
export interface ShadowDatabase {
  url: string;
  /** Drops a temporary shadow database; a no-op for one the user configured. */
  drop(): Promise<void>;
}

/** Postgres limits identifiers to 63 bytes; the random suffix must survive truncation. */
const MAX_PREFIX = 40;

/** Refuses a shadow URL that names the database being migrated: it would be wiped. */
export function assertDistinctShadow(url: string, shadowUrl: string): void {
  const main = new URL(url);
  const shadow = new URL(shadowUrl);
  if (main.host === shadow.host && databaseName(url) === databaseName(shadowUrl)) {
    throw new Error('SHADOW_DATABASE_URL must name a different database than the one being migrated');
  }
}

/**
 * Creates an empty database next to the one at `url` (adapter-pg's own `connectToShadowDb`
 * silently reuses the main database). It is named after that database, so a leftover from an
 * interrupted run is easy to attribute — and one made for a `…test…` database keeps "test".
 */
export async function createTemporaryDatabase(url: string): Promise<ShadowDatabase> {
  const name = `${databaseName(url).slice(0, MAX_PREFIX) || 'ficus'}_shadow_${randomBytes(4).toString('hex')}`;
  try {
    return await createDatabase(url, name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not create a temporary shadow database (${reason}); grant CREATEDB or set SHADOW_DATABASE_URL`, { cause: error });
  }
}

/** Empties a configured shadow database, which the wasm engine does not reset before use. */
export async function resetDatabase(url: string): Promise<ShadowDatabase> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA ${quoted(nspname)} CASCADE`);
    await client.query('CREATE SCHEMA public');
  });
  return { url, drop: async () => undefined };
}
