// Must come first: lets Node's require find the TypeScript sources imported below.
import './ts-resolution.cjs';
import { resolve } from 'node:path';
import { applyAllMigrations, contextDatabaseUrls, CONTEXTS } from '../../tools/db/index.js';
import { assertTestDatabase, createTestDatabase } from '../support/databases.js';
import { acquireTestServer, type SharedTestServer } from './shared-test-server.js';
import { rememberTestRun } from './test-run.js';

const TEST_SERVER_DIR = resolve(__dirname, '../../.data/test-postgres');

/** First-time initialisation takes seconds: say so; stay quiet on the usual reuse. */
const logNotable = (message: string) => {
  if (/initialis|stale|removing/i.test(message)) process.stderr.write(`[test database] ${message}\n`);
};

/**
 * Once per `jest` run: pick a PostgreSQL server (TEST_DATABASE_URL, else DATABASE_URL, else an
 * embedded one in .data/test-postgres), create this run's own database `ficus_test_run_<random>`,
 * migrate every context into it and hand it to the test workers as DATABASE_URL. Test workers
 * never see a database whose name lacks "test" (test/setup/env.ts checks again in each worker).
 */
export default async function globalSetup(): Promise<void> {
  const configured = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let embedded: SharedTestServer | undefined;
  if (!configured) embedded = await acquireTestServer(TEST_SERVER_DIR, logNotable);
  const server = configured ?? embedded?.serverUrl ?? '';
  try {
    const database = await createTestDatabase('run', server);
    try {
      assertTestDatabase(database.url);
      // Only DATABASE_URL is passed, so every context migrates into this run's database.
      await applyAllMigrations(contextDatabaseUrls({ DATABASE_URL: database.url }));
    } catch (error) {
      await database.drop();
      throw error;
    }
    // Workers inherit the environment: per-test databases go to the same server, the run's own
    // database is the default, and no context may be pointed elsewhere by a developer's shell.
    process.env.TEST_DATABASE_URL = server;
    process.env.DATABASE_URL = database.url;
    for (const context of CONTEXTS) delete process.env[`${context.toUpperCase()}_DATABASE_URL`];
    rememberTestRun({ database, embedded });
  } catch (error) {
    await embedded?.release();
    throw error;
  }
}
