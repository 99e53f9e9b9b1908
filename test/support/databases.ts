import { randomBytes } from 'node:crypto';
import { createDatabase, databaseName, withDatabase } from '../../tools/db/databases.js';

/** The server tests may create databases on; the Jest global setup always sets it. */
export function testServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.TEST_DATABASE_URL || env.DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run tests through Jest, whose global setup provides it');
  return url;
}

/** Tests only ever touch databases named as test databases; this is the guard. */
export function assertTestDatabase(url: string): void {
  const name = databaseName(url);
  if (!name.includes('test')) throw new Error(`Refusing to use database "${name}" for tests: its name must contain "test"`);
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database `ficus_test_<label>_<random>` and returns its URL and a drop function. */
export async function createTestDatabase(label: string, serverUrl = testServerUrl()): Promise<TestDatabase> {
  const name = `ficus_test_${label}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  assertTestDatabase(url);
  const database = await createDatabase(serverUrl, name);
  return { url, name, drop: database.drop };
}

/**
 * A database of the test's own with every context migrated into it. For tests whose outbox
 * relays must not compete with the other test files' apps: a context's relay leads per database
 * (an advisory lock), and the run's shared database has many apps hosting todos at once.
 */
export async function createMigratedTestDatabase(label: string, serverUrl = testServerUrl()): Promise<TestDatabase> {
  const database = await createTestDatabase(label, serverUrl);
  try {
    // Imported here: the migration engine is heavy, and most tests only need empty databases.
    const { applyAllMigrations, contextDatabaseUrls } = await import('../../tools/db/index.js');
    await applyAllMigrations(contextDatabaseUrls({ DATABASE_URL: database.url }));
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}
