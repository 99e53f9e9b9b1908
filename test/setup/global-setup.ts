// Must come first: lets Node's require find the TypeScript sources imported below.
import './ts-resolution.cjs';
import { resolve } from 'node:path';
import { applyAllMigrations, contextDatabaseUrls } from '../../tools/db/index.js';
import { startEmbeddedPostgres } from '../../tools/embedded-pg/index.js';
import { createTestDatabase } from '../support/databases.js';
import type { TestRun } from './test-run.js';

/**
 * Once per `jest` run: pick a PostgreSQL server (TEST_DATABASE_URL, else DATABASE_URL, else an
 * embedded one under .data/test-postgres), create this run's own database, migrate every
 * context into it, and hand it to the test workers as DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  const configured = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const embedded = configured ? undefined : await startEmbeddedPostgres({ dataDir: resolve(__dirname, '../../.data/test-postgres') });
  const server = configured ?? embedded?.serverUrl ?? '';
  const database = await createTestDatabase('run', server);
  await applyAllMigrations(contextDatabaseUrls({ DATABASE_URL: database.url }));
  // Workers inherit these: per-test databases go to the same server, the run's database is the default.
  process.env.TEST_DATABASE_URL = server;
  process.env.DATABASE_URL = database.url;
  const run: TestRun = { database, embedded };
  (globalThis as { __ficusTestRun?: TestRun }).__ficusTestRun = run;
}
