import { resolve } from 'node:path';
import { applyAllMigrations, contextDatabaseUrls } from '../tools/db/index.js';
import { startEmbeddedPostgres } from '../tools/embedded-pg/index.js';

/** The database the benchmarked product runs on. */
export interface BenchDatabase {
  url: string;
  /** Human description for the report header. */
  where: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set, else an embedded PostgreSQL kept apart from `npm start`'s data
 * (.data/bench-postgres), so benchmark writes never land in a developer's database. Every
 * context's migrations are applied either way, so the product boots as it does in production.
 */
export async function benchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const configured = process.env.DATABASE_URL;
  const database = configured
    ? { url: configured, where: 'DATABASE_URL', stop: async () => undefined }
    : await startEmbeddedPostgres({ dataDir: resolve(import.meta.dirname, '../.data/bench-postgres'), log }).then((server) => ({
        url: server.url,
        where: `embedded PostgreSQL (.data/bench-postgres, ${new URL(server.url).host})`,
        stop: () => server.stop(),
      }));
  try {
    await applyAllMigrations(contextDatabaseUrls({ ...process.env, DATABASE_URL: database.url }), log);
  } catch (error) {
    await database.stop();
    throw error;
  }
  return database;
}
